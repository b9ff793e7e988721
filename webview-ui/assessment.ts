/** The guided assessment: questions level by level, the level and status updating live, notes, evidence, save. */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';

import {
  type AssessmentRequests,
  type AssessmentState,
  type QuestionEvidence,
} from '../src/shared/assessment-protocol';
import { levelOfTarget } from '../src/shared/status';
import { STATUS_CLASS } from '../src/shared/status-style';
import { currentAnswers, errorField, isDirty, liveResult } from './assessment-logic';
import { el } from './dom';
import { Rpc } from './rpc';
import { addStyles, BASE_CSS } from './styles';

addStyles(`${BASE_CSS}
.level { border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border)); border-radius: 4px; padding: 10px 14px; margin: 10px 0; }
.level.reached { border-left: 4px solid var(--vscode-charts-green); }
.level.next { border: 2px solid var(--vscode-focusBorder); }
.tag { font-size: 0.85em; margin-left: 8px; padding: 1px 6px; border-radius: 8px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.criteria { color: var(--vscode-descriptionForeground); margin: 0 0 8px; }
.question { margin: 8px 0; }
.question p { margin: 0 0 4px; }
.fields { display: grid; gap: 6px; max-width: 720px; margin-top: 16px; }
.actions { display: flex; gap: 8px; margin-top: 16px; flex-wrap: wrap; }
#exempt { margin-top: 12px; display: none; }
.evidence { margin: 4px 0 0 8px; font-size: 0.95em; }
.evidence ul { margin: 2px 0; padding-left: 18px; }
.evidence-bar { border: 1px solid var(--vscode-focusBorder); border-radius: 4px; padding: 6px 12px; margin: 8px 0; }
.evidence-bar p { margin: 0 0 6px; }
#exempt.open { display: grid; }
/* The level/status line and the actions stay in view while the questions scroll; what gets focus or is scrolled to stays clear of them. */
html { scroll-padding-top: 3.5em; scroll-padding-bottom: 4em; }
.status-bar { position: sticky; top: 0; z-index: 1; background: var(--vscode-editor-background); padding: 6px 0; margin: 0; border-bottom: 1px solid var(--vscode-widget-border, transparent); }
.actions { position: sticky; bottom: 0; background: var(--vscode-editor-background); padding: 8px 0; }
.unsaved { margin-left: 8px; font-style: italic; }
.notice { border-left: 3px solid var(--vscode-notificationsInfoIcon-foreground, var(--vscode-focusBorder)); padding: 4px 10px; }
`);

const rpc = new Rpc<AssessmentRequests>((message) => {
  if (message.push === 'assessmentState') render(message.state);
});
const app = document.getElementById('app') as HTMLElement;
/** The open page's keyboard shortcuts; replaced on each render. */
let onKey: (e: KeyboardEvent) => void = () => undefined;
window.addEventListener('keydown', (e) => onKey(e));

function render(state: AssessmentState): void {
  rpc.keep({ restore: state.restore }); // so the host can open this assessment again after a window reload
  const { item, levels, rules, evidence, draft, progress } = state;
  const saved = { answers: { ...item.answers }, notes: item.notes, evidenceUrl: item.evidenceUrl };
  const answers: Record<string, boolean> = { ...(draft?.answers ?? item.answers) };
  /** Questions answered by "Use suggested answers" and not changed since: the save records their evidence. */
  const fromEvidence: Record<string, boolean> = {};
  const evidenceOf = new Map(evidence.map((e) => [e.question, e.findings]));
  const radios = new Map<string, HTMLElement[]>();
  const result = el('span', { class: 'badge', id: 'result' });
  const detail = el('span', { class: 'muted', id: 'result-detail' });
  const sections: HTMLElement[] = [];
  const error = el('p', { class: 'error', role: 'alert', id: 'error' });
  const unsaved = el('span', { class: 'unsaved', id: 'unsaved' });
  let sentDirty: boolean | undefined;
  let draftTimer: ReturnType<typeof setTimeout> | undefined;
  /** Tells the host what is typed (so a closed tab loses nothing) and marks the page when it differs from what is saved. */
  const changed = () => {
    clearTimeout(draftTimer);
    draftTimer = setTimeout(() => {
      const now = { answers: currentAnswers(levels, answers), notes: notes.value, evidenceUrl: evidenceLink.value };
      const dirty = isDirty(levels, saved, now);
      unsaved.textContent = dirty ? 'Unsaved changes' : '';
      if (!dirty && sentDirty === false) return;
      sentDirty = dirty;
      rpc.request('draft', { ...now, dirty }).catch((e: Error) => (error.textContent = e.message));
    }, 200);
  };

  const update = () => {
    const live = liveResult(levels, answers, item.target, rules);
    result.className = `badge ${STATUS_CLASS[live.status]}`;
    result.textContent =
      live.status === 'Not assessed'
        ? 'Not assessed'
        : `Level ${levelOfTarget(live.level, item.target)} · ${live.status}`;
    detail.textContent = live.unanswered > 0 ? ` ${live.unanswered} question(s) not answered yet` : '';
    sections.forEach((s, i) => {
      const level = levels[i]?.level ?? 0;
      s.classList.toggle('reached', level <= live.level);
      s.classList.toggle('next', level === live.nextLevel);
      const tag = s.querySelector('.tag');
      if (tag) tag.textContent = level === live.nextLevel ? 'next step' : level <= live.level ? 'reached' : '';
      tag?.toggleAttribute('hidden', !(level === live.nextLevel || level <= live.level));
    });
  };

  /** Records the answer the question's checked radio shows: clicked, Space, or moved to with the arrow keys. */
  const record = (question: string) => {
    const checked = (radios.get(question) ?? []).find((r) => (r as HTMLElement & { checked: boolean }).checked);
    if (!checked) return;
    const yes = checked.getAttribute('value') === 'yes';
    if (answers[question] === yes && question in answers) return;
    answers[question] = yes;
    delete fromEvidence[question];
    update();
    changed();
  };

  let n = 0;
  for (const level of levels) {
    const section = el(
      'section',
      { class: 'level', 'aria-labelledby': `level-${level.level}` },
      el('h2', { id: `level-${level.level}` }, `Level ${level.level} · ${level.name}`, el('span', { class: 'tag' })),
      el('p', { class: 'criteria' }, level.criteria),
    );
    for (const question of level.questions) {
      const id = `q${n++}`;
      const group = el('vscode-radio-group', { 'aria-labelledby': id, 'data-question': question });
      for (const value of ['yes', 'no']) {
        const radio = el(
          'vscode-radio',
          { name: id, value, checked: answers[question] === (value === 'yes') && question in answers },
          value === 'yes' ? 'Yes' : 'No',
        );
        radio.addEventListener('change', () => record(question));
        group.append(radio);
        radios.set(question, [...(radios.get(question) ?? []), radio]);
      }
      // The radio group checks a radio on arrow keys without a change event: read what it checked once it has.
      group.addEventListener('keydown', (e) => {
        if (e.key.startsWith('Arrow')) setTimeout(() => record(question), 0);
      });
      section.append(
        el('div', { class: 'question' }, el('p', { id }, question), group, evidenceList(evidenceOf.get(question), id)),
      );
    }
    sections.push(section);
  }

  const notes = el('vscode-textarea', { id: 'notes', rows: '3' }) as HTMLElement & { value: string };
  notes.value = draft?.notes ?? item.notes;
  // vscode-elements name their inner field by the `label` property only (no attribute).
  labelField(notes, 'Notes');
  notes.addEventListener('input', changed);
  const evidenceLink = el('vscode-textfield', { id: 'evidence', placeholder: 'https://…' }) as HTMLElement & {
    value: string;
  };
  evidenceLink.value = draft?.evidenceUrl ?? item.evidenceUrl;
  labelField(evidenceLink, 'Evidence link');
  evidenceLink.addEventListener('input', changed);
  const reason = el('vscode-textarea', { id: 'exempt-reason', rows: '2' }) as HTMLElement & {
    value: string;
  };
  const until = el('vscode-textfield', { id: 'exempt-until', placeholder: 'YYYY-MM-DD (optional)' }) as HTMLElement & {
    value: string;
  };
  labelField(reason, 'Why this capability does not apply');
  labelField(until, 'Review date');
  const exempt = el(
    'div',
    { id: 'exempt', class: 'fields' },
    el('label', { for: 'exempt-reason' }, 'Why does this capability not apply? (required)'),
    reason,
    el('label', { for: 'exempt-until' }, 'Review date'),
    until,
    button(
      'Confirm Not Applicable',
      'confirm-exempt',
      false,
      () => void act(() => rpc.request('markNotApplicable', { reason: reason.value, until: until.value })),
    ),
  );

  function save(): void {
    clearTimeout(draftTimer);
    void act(() =>
      rpc.request('save', {
        answers: currentAnswers(levels, answers),
        notes: notes.value,
        evidenceUrl: evidenceLink.value,
        fromEvidence: { ...fromEvidence },
      }),
    );
  }

  function cancel(): void {
    clearTimeout(draftTimer);
    // The host must know what is unsaved before it decides whether to ask.
    const now = { answers: currentAnswers(levels, answers), notes: notes.value, evidenceUrl: evidenceLink.value };
    const dirty = isDirty(levels, saved, now);
    void act(() => rpc.request('draft', { ...now, dirty }).then(() => rpc.request('cancel', {})));
  }

  /** Runs a request; an error is shown under the actions and tied to the field it names, for screen readers. */
  const act = async (fn: () => Promise<unknown>) => {
    error.textContent = '';
    for (const f of [evidenceLink, reason, until]) {
      f.removeAttribute('aria-invalid');
      f.removeAttribute('aria-describedby');
      f.removeAttribute('invalid');
    }
    try {
      await fn();
    } catch (e) {
      const message = (e as Error).message;
      error.textContent = message;
      const named = errorField(message);
      const field = named && { evidence: evidenceLink, reason, until }[named];
      field?.setAttribute('aria-invalid', 'true');
      field?.setAttribute('invalid', ''); // the element's own invalid look, on its inner field
      field?.setAttribute('aria-describedby', 'error');
      field?.focus();
    }
  };

  const useSuggestions = () => {
    for (const [question, found] of evidenceOf) {
      if (found.length === 0) continue;
      answers[question] = true;
      fromEvidence[question] = true;
      for (const radio of radios.get(question) ?? [])
        (radio as HTMLElement & { checked: boolean }).checked = radio.getAttribute('value') === 'yes';
    }
    update();
    changed();
  };
  const suggestions = evidence.length
    ? el(
        'div',
        { class: 'evidence-bar', role: 'region', 'aria-label': 'Evidence from the repository' },
        el(
          'p',
          {},
          `The repository shows evidence for ${evidence.length} question(s). Nothing is answered until you choose.`,
        ),
        button(`Use suggested answers (${evidence.length})`, 'use-suggestions', true, useSuggestions),
      )
    : null;

  const assessed = item.assessedAt
    ? `Last assessed ${item.assessedAt.slice(0, 10)} by ${item.assessedBy ?? 'unknown'}${item.stale ? ' (stale)' : ''}`
    : 'Not assessed yet';
  const children = [
    el('h1', {}, item.capability),
    el(
      'p',
      { class: 'sub' },
      `${item.flow} / ${item.asset}${item.tier !== null ? ` (tier ${item.tier})` : ''} · ${item.pillar} · ${assessed}`,
    ),
    item.exemptReason
      ? el(
          'p',
          { class: 'muted' },
          `Marked Not applicable: ${item.exemptReason}${item.exemptUntil ? ` (review by ${item.exemptUntil})` : ''}`,
        )
      : null,
    progress
      ? el(
          'p',
          { class: 'notice', id: 'progress' },
          `Assess All: capability ${progress.at} of ${progress.of}. Save goes on to the next, Skip leaves this one as it is, closing the tab stops.`,
        )
      : null,
    draft
      ? el(
          'p',
          { class: 'notice', id: 'restored' },
          `Restored the answers you had not saved (${draft.at.slice(0, 16).replace('T', ' ')} UTC). Save keeps them; Cancel discards them.`,
        )
      : null,
    // Only this line is announced as it changes; the rest of the page is read when visited.
    el('p', { class: 'status-bar' }, el('span', { role: 'status' }, result, detail), unsaved),
    suggestions,
    ...sections,
    el(
      'div',
      { class: 'fields' },
      el('label', { for: 'notes' }, 'Notes'),
      notes,
      el('label', { for: 'evidence' }, 'Evidence link'),
      evidenceLink,
    ),
    el(
      'div',
      { class: 'actions' },
      button('Save', 'save', false, save),
      button(progress ? 'Skip' : 'Cancel', 'cancel', true, cancel),
      button('Mark Not Applicable…', 'exempt-toggle', true, () => {
        exempt.classList.toggle('open');
        reason.focus();
      }),
    ),
    exempt,
    error,
  ];
  app.replaceChildren(...children.filter((n): n is HTMLElement => n !== null));
  update();
  if (draft) changed();
  // Ctrl+S / Cmd+S saves; Escape cancels (the host asks first when answers are unsaved).
  onKey = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      save();
    } else if (e.key === 'Escape' && !exempt.classList.contains('open')) {
      e.preventDefault();
      cancel();
    }
  };
}

/** "Evidence found" under a question: each finding a link that opens the file at its line. */
function evidenceList(findings: QuestionEvidence['findings'] | undefined, questionId: string): HTMLElement | null {
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
          rpc
            .request('openEvidence', { file: f.file, line: f.line })
            .catch((err: Error) => app.append(el('p', { class: 'error', role: 'alert' }, err.message)));
        });
        return el('li', {}, link, ` ${f.detail}`);
      }),
    ),
  );
}

function labelField(field: HTMLElement, label: string): void {
  (field as HTMLElement & { label: string }).label = label;
}

function button(label: string, id: string, secondary: boolean, onClick: () => void): HTMLElement {
  const b = el('vscode-button', { id, secondary }, label);
  b.addEventListener('click', onClick);
  return b;
}

rpc
  .request('ready', {})
  .then(render, (e: Error) => app.replaceChildren(el('p', { class: 'error', role: 'alert' }, e.message)));
