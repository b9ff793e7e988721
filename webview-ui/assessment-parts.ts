/** The small parts of the assessment page: evidence lists, labelled fields, buttons, where focus starts. */
import { type QuestionEvidence } from '../src/shared/assessment-protocol';
import { el } from './dom';

/** How each answer's origin reads beside it. */
export const PROVENANCE_WORDS: Record<string, string> = {
  evidence: 'yes from repository evidence',
  attested: 'attested',
  assistant: 'recorded by the AI assistant',
  stale: 'stale: re-attest',
};

/**
 * "Evidence found" under a question: each finding a link that opens the file at its line (`open`, which says
 * its own failure).
 */
export function evidenceList(
  findings: QuestionEvidence['findings'] | undefined,
  questionId: string,
  open: (file: string, line: number) => void,
): HTMLElement | null {
  if (!findings?.length) return null;
  return el(
    'div',
    { class: 'evidence', 'aria-label': 'Evidence found', 'aria-describedby': questionId },
    el('p', { class: 'muted' }, 'Evidence found (suggests yes):'),
    el(
      'ul',
      {},
      ...findings.map((f) => {
        const link = el('a', { href: '#', class: 'evidence-link' }, `${f.file}:${f.line}`);
        link.addEventListener('click', (e) => {
          e.preventDefault();
          open(f.file, f.line);
        });
        return el('li', {}, link, ` ${f.detail}`);
      }),
    ),
  );
}

export function labelField(field: HTMLElement, label: string): void {
  (field as HTMLElement & { label: string }).label = label;
}

export function button(label: string, id: string, secondary: boolean, onClick: () => void): HTMLElement {
  const b = el('vscode-button', { id, secondary }, label);
  b.addEventListener('click', onClick);
  return b;
}

/**
 * Where the person starts, when the panel opens: the first question not answered yet (else the first), so focus
 * is never left on the page body (issue 43.15). Later renders (a save, a change on disk) leave focus where it is.
 */
export function focusFirstOpenQuestion(app: HTMLElement): void {
  const go = () => {
    if (document.activeElement && document.activeElement !== document.body) return; // the person is already somewhere
    const questions = [...app.querySelectorAll<HTMLFieldSetElement>('fieldset.question')];
    const open = questions.find((q) => !q.querySelector('input[type=radio]:checked')) ?? questions[0];
    open?.querySelector<HTMLInputElement>('input[type=radio]')?.focus();
  };
  // Only once the panel has focus: a focus() while the person is in the command palette would take it from there.
  if (document.hasFocus()) go();
  else window.addEventListener('focus', go, { once: true });
}
