/** The page-target port: a page sync reads, splices its To-Do section into, and writes with optimistic versioning. */
import { SreError } from '../errors';

export interface Page {
  id: string;
  title: string;
  version: number;
  /** The body in the page's own markup (Confluence storage format). */
  body: string;
}

/** Someone saved the page between our read and our write: read it again and re-apply. */
export class StalePageError extends SreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'runtime', options);
    this.name = 'StalePageError';
  }
}

export interface PageTarget {
  readonly id: string;
  read(): Promise<Page>;
  /** Writes `body` as the next version of `page`; returns the new version number; StalePageError when `page` is not current. */
  write(page: Page, body: string, message: string): Promise<number>;
}
