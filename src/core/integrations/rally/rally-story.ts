/** Rally's user stories as WSAPI sends them, and as the client hands them on. */
import { type TagMatch } from './rally-settings';

export interface RallyStory {
  objectId: number;
  formattedId: string;
  name: string;
  scheduleState: string;
  /** The story's project ObjectID (for UI links), when Rally gave it. */
  projectId: number | null;
  /** FormattedID of its feature (PortfolioItem) or parent story (Parent); null when it has neither. */
  parentId: string | null;
  tags: { name: string; ref: string }[];
  /** When it was accepted (Rally sets AcceptedDate when the state reaches Accepted, and clears it when it goes back). */
  acceptedDate: string | null;
  /** The configured due date field's value, YYYY-MM-DD; null when unset or not configured. */
  dueDate: string | null;
}

interface RawRef {
  _ref?: string;
  FormattedID?: string;
}

export interface RawStory {
  ObjectID: number;
  FormattedID: string;
  Name: string;
  ScheduleState?: string;
  Project?: RawRef | null;
  PortfolioItem?: RawRef | null;
  Parent?: RawRef | null;
  Tags?: { _tagsNameArray?: { Name: string; _ref: string }[] } | null;
  AcceptedDate?: string | null;
  [field: string]: unknown;
}

/** The ObjectID at the end of a _ref such as ".../project/42". */
function refId(ref: string | undefined): number | null {
  const id = Number(ref?.split('/').pop());
  return Number.isInteger(id) && id > 0 ? id : null;
}

export function storyOf(s: RawStory, dueDateField = ''): RallyStory {
  const due = dueDateField ? s[dueDateField] : undefined;
  return {
    objectId: s.ObjectID,
    formattedId: s.FormattedID,
    name: s.Name,
    scheduleState: s.ScheduleState ?? 'Defined',
    projectId: refId(s.Project?._ref),
    parentId: s.PortfolioItem?.FormattedID ?? s.Parent?.FormattedID ?? null,
    tags: (s.Tags?._tagsNameArray ?? []).map((t) => ({ name: t.Name, ref: t._ref })),
    acceptedDate: typeof s.AcceptedDate === 'string' ? s.AcceptedDate : null,
    dueDate: typeof due === 'string' && due ? due.slice(0, 10) : null,
  };
}

export interface NewStory {
  name: string;
  description: string;
  parentId: string;
  tags: string[];
  /** The ObjectID of the accepted story this one follows up: that one (and any accepted one) is not "the story". */
  followUpOf?: string;
}

/** Where linkable stories are looked for, and what an adopted story gets: the configured parent and tags. */
export interface StoryScope {
  parentId: string;
  tags: readonly string[];
  tagMatch: TagMatch;
  /** Text every story name has right before the item key (from the name template), e.g. "[SRE ". */
  keyMarker: string;
}
