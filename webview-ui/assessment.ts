/** The guided assessment: questions level by level, the level and status updating live, notes, evidence, save. */
import '@vscode-elements/elements/dist/vscode-button/index.js';
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
import { button, evidenceList, focusFirstOpenQuestion, labelField, PROVENANCE_WORDS } from './assessment-parts';
import { ASSESSMENT_CSS } from './assessment-styles';
import { el } from './dom';
import { Rpc } from './rpc';
import { addStyles } from './styles';

addStyles(ASSESSMENT_CSS);

const rpc = new Rpc<AssessmentRequests>((message) => {
  if (message.push === 'assessmentState') render(message.state);
});
const app = document.getElementById('app') as HTMLElement;
/** The open page's keyboard shortcuts; replaced on each render. */
let onKey: (e: KeyboardEvent) => void = () => undefined;
window.addEventListener('keydown', (e) => onKey(e));

type Field = HTMLElement & { value: string };

/** One item's page: built from the state the host sent, in small parts that share the answers typed so far. */
class AssessmentPage {
  private readonly saved: { answers: Record<string, boolean>; notes: string; evidenceUrl: string };
  private readonly answers: Record<string, boolean>;
  /** Questions answered by "Use suggested answers" and not changed since: the save records their evidence. */
  private readonly fromEvidence: Record<string, boolean> = {};
  private readonly evidenceOf: Map<string, QuestionEvidence['findings']>;
  private readonly radios = new Map<string, HTMLInputElement[]>();
  private readonly sections: HTMLElement[] = [];
  private readonly result = el('span', { class: 'badge', id: 'result' });
  private readonly detail = el('span', { class: 'muted', id: 'result-detail' });
  private readonly error = el('p', { class: 'error', role: 'alert', id: 'error' });
  private readonly unsaved = el('span', { class: 'unsaved', id: 'unsaved' });
  private readonly notes = el('vscode-textarea', { id: 'notes', rows: '3' }) as Field;
  private readonly evidenceLink = el('vscode-textfield', { id: 'evidence', placeholder: 'https://…' }) as Field;
  private readonly reason = el('vscode-textarea', {
    id: 'exempt-reason',
    rows: '2',
    required: true,
    'aria-required': 'true',
  }) as Field;
  private readonly until = el('vscode-textfield', {
    id: 'exempt-until',
    placeholder: 'YYYY-MM-DD (optional)',
  }) as Field;
  private readonly exempt: HTMLElement;
  private sentDirty: boolean | undefined;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly state: AssessmentState) {
    const { item, draft, evidence } = state;
    this.saved = { answers: { ...item.answers }, notes: item.notes, evidenceUrl: item.evidenceUrl };
    this.answers = { ...(draft?.answers ?? item.answers) };
    this.evidenceOf = new Map(evidence.map((e) => [e.question, e.findings]));
    this.exempt = this.notApplicableForm();
  }

  /** Draws the page into `app` and takes the keyboard shortcuts. */
  mount(): void {
    const { levels, progress, draft } = this.state;
    let n = 0;
    for (const level of levels) this.sections.push(this.levelSection(level, () => `q${n++}`));
    const parts = [
      ...this.header(),
      this.suggestionsBar(),
      ...this.sections,
      this.fields(),
      el(
        'div',
        { class: 'actions' },
        // Only this line is announced as it changes; the rest of the page is read when visited.
        el('p', { class: 'status-line' }, el('span', { role: 'status' }, this.result, this.detail), this.unsaved),
        button('Save', 'save', false, () => this.save()),
        button(progress ? 'Skip' : 'Cancel', 'cancel', true, () => this.cancel()),
        button('Mark Not Applicable…', 'exempt-toggle', true, () => {
          this.exempt.classList.toggle('open');
          this.reason.focus();
        }),
      ),
      this.exempt,
      this.error,
    ];
    app.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
    this.update();
    if (draft) this.changed();
    // Ctrl+S / Cmd+S saves; Escape cancels (the host asks first when answers are unsaved).
    onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        this.save();
      } else if (e.key === 'Escape' && !this.exempt.classList.contains('open')) {
        e.preventDefault();
        this.cancel();
      }
    };
  }

  private header(): (HTMLElement | null)[] {
    const { item, progress, draft } = this.state;
    const assessed = item.assessedAt
      ? `Last assessed ${item.assessedAt.slice(0, 10)} by ${item.assessedBy ?? 'unknown'}${item.stale ? ' (stale)' : ''}`
      : 'Not assessed yet';
    const tier = item.tier !== null ? ` (tier ${item.tier})` : '';
    const until = item.exemptUntil ? ` (review by ${item.exemptUntil})` : '';
    return [
      el('h1', {}, item.capability),
      el('p', { class: 'sub' }, `${item.flow} / ${item.asset}${tier} · ${item.pillar} · ${assessed}`),
      item.exemptReason ? el('p', { class: 'muted' }, `Marked Not applicable: ${item.exemptReason}${until}`) : null,
      item.notApplicableRequest ? el('p', { class: 'notice', id: 'na-request' }, item.notApplicableRequest) : null,
      item.provenance
        ? el('p', { class: 'sub', id: 'provenance' }, `Where the level came from: ${item.provenance}`)
        : null,
      this.changedEvidence(),
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
    ];
  }

  /** "Evidence changed since the assessment": each finding as it was beside what the repository shows now. */
  private changedEvidence(): HTMLElement | null {
    const { item, evidenceChanges } = this.state;
    if (!item.evidenceChanged && evidenceChanges.length === 0) return null;
    const finding = (f: { file: string; line: number; detail: string } | null) =>
      el('td', {}, f ? `${f.file}:${f.line} ${f.detail}` : 'removed');
    return el(
      'section',
      { class: 'evidence-bar', id: 'evidence-changed', role: 'region', 'aria-labelledby': 'evidence-changed-title' },
      el('h2', { id: 'evidence-changed-title' }, 'Evidence changed since the assessment'),
      el(
        'p',
        {},
        'The answers below rested on this evidence. The assessment stays stale until you re-assess it, even if the evidence comes back.',
      ),
      evidenceChanges.length
        ? el(
            'table',
            {},
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                el('th', { scope: 'col' }, 'Question'),
                el('th', { scope: 'col' }, 'At the assessment'),
                el('th', { scope: 'col' }, 'Now'),
              ),
            ),
            el(
              'tbody',
              {},
              ...evidenceChanges.map((c) => el('tr', {}, el('td', {}, c.question), finding(c.was), finding(c.now))),
            ),
          )
        : el('p', {}, item.evidenceChanged ?? ''),
    );
  }

  /** A level: its name, its criteria and its yes/no questions. */
  private levelSection(level: AssessmentState['levels'][number], nextId: () => string): HTMLElement {
    const section = el(
      'section',
      { class: 'level', 'aria-labelledby': `level-${level.level}` },
      // The region is named by the level alone; its badge ("next step") follows as a word of its own.
      el(
        'h2',
        {},
        el('span', { id: `level-${level.level}` }, `Level ${level.level} · ${level.name}`),
        ' ',
        el('span', { class: 'tag' }),
      ),
      el('p', { class: 'criteria' }, level.criteria),
    );
    for (const question of level.questions) section.append(this.question(question, nextId()));
    return section;
  }

  /** A question as native radios in a fieldset: announced "radio, 1 of 2" with the question as the group's name. */
  private question(question: string, id: string): HTMLElement {
    const options = ['yes', 'no'].map((value) => {
      const checked = question in this.answers && this.answers[question] === (value === 'yes');
      const radio = el('input', { type: 'radio', name: id, value, checked }) as HTMLInputElement;
      // Arrow keys, Space and clicks all check a native radio with a change event.
      radio.addEventListener('change', () => this.record(question));
      this.radios.set(question, [...(this.radios.get(question) ?? []), radio]);
      return el('label', {}, radio, value === 'yes' ? 'Yes' : 'No');
    });
    return el(
      'fieldset',
      { class: 'question', 'data-question': question },
      el('legend', { id }, question),
      ...options,
      this.state.item.answerProvenance[question]
        ? el(
            'span',
            { class: 'muted provenance' },
            `(${PROVENANCE_WORDS[this.state.item.answerProvenance[question] ?? ''] ?? ''})`,
          )
        : null,
      evidenceList(this.evidenceOf.get(question), id, openEvidence),
    );
  }

  private fields(): HTMLElement {
    const { item, draft } = this.state;
    this.notes.value = draft?.notes ?? item.notes;
    this.evidenceLink.value = draft?.evidenceUrl ?? item.evidenceUrl;
    // vscode-elements name their inner field by the `label` property only (no attribute).
    labelField(this.notes, 'Notes');
    labelField(this.evidenceLink, 'Evidence link');
    this.notes.addEventListener('input', () => this.changed());
    this.evidenceLink.addEventListener('input', () => this.changed());
    return el(
      'div',
      { class: 'fields' },
      el('label', { for: 'notes' }, 'Notes'),
      this.notes,
      el('label', { for: 'evidence' }, 'Evidence link'),
      this.evidenceLink,
    );
  }

  private notApplicableForm(): HTMLElement {
    // The visible label and the accessible name say the same; "required" is marked, not only written.
    labelField(this.reason, 'Why does this capability not apply?');
    labelField(this.until, 'Review date');
    const confirm = () =>
      void this.act(() => rpc.request('markNotApplicable', { reason: this.reason.value, until: this.until.value }));
    return el(
      'div',
      { id: 'exempt', class: 'fields' },
      el('label', { for: 'exempt-reason' }, 'Why does this capability not apply? (required)'),
      this.reason,
      el('label', { for: 'exempt-until' }, 'Review date'),
      this.until,
      button('Confirm Not Applicable', 'confirm-exempt', false, confirm),
    );
  }

  private suggestionsBar(): HTMLElement | null {
    const count = this.state.evidence.length;
    if (!count) return null;
    return el(
      'div',
      { class: 'evidence-bar', role: 'region', 'aria-label': 'Evidence from the repository' },
      el('p', {}, `The repository shows evidence for ${count} question(s). Nothing is answered until you choose.`),
      button(`Use suggested answers (${count})`, 'use-suggestions', true, () => this.useSuggestions()),
    );
  }

  private useSuggestions(): void {
    for (const [question, found] of this.evidenceOf) {
      if (found.length === 0) continue;
      this.answers[question] = true;
      this.fromEvidence[question] = true;
      for (const radio of this.radios.get(question) ?? []) radio.checked = radio.value === 'yes';
    }
    this.update();
    this.changed();
  }

  /** What is typed now, as the host stores and compares it. */
  private typed() {
    return {
      answers: currentAnswers(this.state.levels, this.answers),
      notes: this.notes.value,
      evidenceUrl: this.evidenceLink.value,
    };
  }

  /** Tells the host what is typed (so a closed tab loses nothing) and marks the page when it differs from what is saved. */
  private changed(): void {
    clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => {
      const now = this.typed();
      const dirty = isDirty(this.state.levels, this.saved, now);
      this.unsaved.textContent = dirty ? 'Unsaved changes' : '';
      if (!dirty && this.sentDirty === false) return;
      this.sentDirty = dirty;
      rpc.request('draft', { ...now, dirty }).catch((e: Error) => (this.error.textContent = e.message));
    }, 200);
  }

  /** The level and status the answers reach, and which level is next, shown live. */
  private update(): void {
    const { levels, item, rules } = this.state;
    const live = liveResult(levels, this.answers, item.target, rules);
    this.result.className = `badge ${STATUS_CLASS[live.status]}`;
    this.result.textContent =
      live.status === 'Not assessed'
        ? 'Not assessed'
        : `Level ${levelOfTarget(live.level, item.target)} · ${live.status}`;
    this.detail.textContent = live.unanswered > 0 ? ` ${live.unanswered} question(s) not answered yet` : '';
    this.sections.forEach((s, i) => {
      const level = levels[i]?.level ?? 0;
      s.classList.toggle('reached', level <= live.level);
      s.classList.toggle('next', level === live.nextLevel);
      const tag = s.querySelector('.tag');
      if (tag) tag.textContent = level === live.nextLevel ? 'next step' : level <= live.level ? 'reached' : '';
      tag?.toggleAttribute('hidden', !(level === live.nextLevel || level <= live.level));
    });
  }

  /** Records the answer the question's checked radio shows. */
  private record(question: string): void {
    const checked = (this.radios.get(question) ?? []).find((r) => r.checked);
    if (!checked) return;
    const yes = checked.value === 'yes';
    if (this.answers[question] === yes && question in this.answers) return;
    this.answers[question] = yes;
    delete this.fromEvidence[question];
    this.update();
    this.changed();
  }

  private save(): void {
    clearTimeout(this.draftTimer);
    void this.act(() => rpc.request('save', { ...this.typed(), fromEvidence: { ...this.fromEvidence } }));
  }

  private cancel(): void {
    clearTimeout(this.draftTimer);
    // The host must know what is unsaved before it decides whether to ask.
    const now = this.typed();
    const dirty = isDirty(this.state.levels, this.saved, now);
    void this.act(async () => {
      await rpc.request('draft', { ...now, dirty });
      if ((await rpc.request('cancel', {})).save) this.save();
    });
  }

  /** Runs a request; an error is shown under the actions and tied to the field it names, for screen readers. */
  private async act(fn: () => Promise<unknown>): Promise<void> {
    this.error.textContent = '';
    for (const f of [this.evidenceLink, this.reason, this.until]) {
      f.removeAttribute('aria-invalid');
      f.removeAttribute('aria-describedby');
      f.removeAttribute('invalid');
    }
    try {
      await fn();
    } catch (e) {
      const message = (e as Error).message;
      this.error.textContent = message;
      const named = errorField(message);
      const field = named && { evidence: this.evidenceLink, reason: this.reason, until: this.until }[named];
      field?.setAttribute('aria-invalid', 'true');
      field?.setAttribute('invalid', ''); // the element's own invalid look, on its inner field
      field?.setAttribute('aria-describedby', 'error');
      field?.focus();
    }
  }
}

/** Opens a file of the evidence at its line, in the editor beside. */
function openEvidence(file: string, line: number): void {
  rpc
    .request('openEvidence', { file, line })
    .catch((err: Error) => app.append(el('p', { class: 'error', role: 'alert' }, err.message)));
}

function render(state: AssessmentState): void {
  rpc.keep({ restore: state.restore }); // so the host can open this assessment again after a window reload
  new AssessmentPage(state).mount();
}

rpc.request('ready', {}).then(
  (state) => {
    render(state);
    focusFirstOpenQuestion(app);
  },
  (e: Error) => app.replaceChildren(el('p', { class: 'error', role: 'alert' }, e.message)),
);
