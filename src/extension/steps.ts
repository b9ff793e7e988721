/**
 * Multi-step input, as VS Code's own wizards do it: "n/7" in the title, a Back button from step 2 on, the values
 * given so far kept when going back. Each step resolves to its value, BACK, or undefined (dismissed).
 */
import * as vscode from 'vscode';

export const BACK = Symbol('back');
export type StepResult<T> = T | typeof BACK | undefined;

interface StepPlace {
  title: string;
  /** 1-based; undefined for a closing step outside the count (the summary). */
  step?: number;
  totalSteps: number;
  /** Shown from step 2 on. */
  back: boolean;
}

function settle<T>(
  input: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox,
  wire: (done: (v: StepResult<T>) => void) => void,
): Promise<StepResult<T>> {
  return new Promise((resolve) => {
    let finished = false;
    const done = (v: StepResult<T>) => {
      if (finished) return;
      finished = true;
      resolve(v);
      input.dispose();
    };
    input.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && done(BACK));
    input.onDidHide(() => done(undefined));
    wire(done);
    input.show();
  });
}

function place(input: vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[] }, p: StepPlace): void {
  input.title = p.title;
  input.step = p.step;
  input.totalSteps = p.step === undefined ? undefined : p.totalSteps;
  input.buttons = p.back ? [vscode.QuickInputButtons.Back] : [];
  input.ignoreFocusOut = true;
}

export function pickStep<T extends vscode.QuickPickItem>(
  p: StepPlace & {
    items: readonly T[];
    placeholder?: string;
    many?: boolean;
    picked?: readonly T[];
    /** The item Enter takes: the one chosen before, or the sensible default. */
    active?: T;
  },
): Promise<StepResult<T[]>> {
  const qp = vscode.window.createQuickPick<T>();
  place(qp, p);
  qp.items = p.items;
  qp.placeholder = p.placeholder;
  qp.canSelectMany = p.many ?? false;
  if (p.picked) qp.selectedItems = p.picked;
  if (p.active) qp.activeItems = [p.active];
  return settle(qp as unknown as vscode.QuickPick<vscode.QuickPickItem>, (done) =>
    qp.onDidAccept(() => done(p.many ? [...qp.selectedItems] : qp.activeItems.slice(0, 1))),
  );
}

export function inputStep(
  p: StepPlace & { prompt: string; value?: string; placeholder?: string; validate: (v: string) => string | undefined },
): Promise<StepResult<string>> {
  const box = vscode.window.createInputBox();
  place(box, p);
  box.prompt = p.prompt;
  box.value = p.value ?? '';
  box.placeholder = p.placeholder;
  box.onDidChangeValue((v) => (box.validationMessage = p.validate(v)));
  return settle(box, (done) =>
    box.onDidAccept(() => {
      const problem = p.validate(box.value);
      box.validationMessage = problem;
      if (!problem) done(box.value);
    }),
  );
}
