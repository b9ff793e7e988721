/** The page-target port: a page sync reads, splices its To-Do section into, and writes with optimistic versioning. */
import { type ReportData } from '../domain/todo-list';
import { SreError } from '../errors';

export interface Page {
  id: string;
  title: string;
  version: number;
  /** The body in the page's own markup. */
  body: string;
}

/** Someone saved the page between our read and our write: read it again and re-apply. */
export class StalePageError extends SreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'runtime', options);
    this.name = 'StalePageError';
  }
}

/** A page's body with the To-Do section put in. */
export interface PageEdit {
  body: string;
  /** True when the page had no To-Do table and the section was appended. */
  appended: boolean;
  /** True when every replaced part already said the same: no new version is needed. */
  unchanged: boolean;
}

export interface PageTarget {
  readonly id: string;
  /** What messages call it: "Confluence page 123". */
  readonly label: string;
  /** `page` with its To-Do section made from `data`, in the page's own markup. */
  withTodo(page: Page, data: ReportData): PageEdit;
  read(): Promise<Page>;
  /** Writes `body` as the next version of `page`; returns the new version number; StalePageError when `page` is not current. */
  write(page: Page, body: string, message: string): Promise<number>;
}
