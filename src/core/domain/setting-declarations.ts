/**
 * How a setting is declared, once, for every surface: its key under `sreTracker.` (VS Code), its environment
 * variable (the CLI and `.env.example`), its schema (package.json's configuration, generated from these by
 * `npm run contributions`) and what `.env.example` says about it. Core declares its own (core-settings.ts), each
 * service adapter its own, and the registry puts them together.
 */

/** What VS Code's Settings editor shows and checks: the setting's package.json property, less `order` (its place). */
export interface SettingSchema {
  type: 'string' | 'array' | 'integer' | 'boolean' | 'object';
  default?: string | number | boolean | readonly string[] | Readonly<Record<string, number>>;
  description?: string;
  markdownDescription?: string;
  enum?: readonly string[];
  enumItemLabels?: readonly string[];
  enumDescriptions?: readonly string[];
  minimum?: number;
  maximum?: number;
  items?: { type: 'string' };
  properties?: Readonly<Record<string, { type: 'integer'; minimum: number; maximum: number }>>;
  additionalProperties?: boolean;
  scope?: 'resource' | 'machine' | 'window' | 'application';
}

/** A tracker as the texts that list the trackers name it. */
export interface TrackerNames {
  kind: string;
  /** "Acme" */
  name: string;
  /** "Acme tickets" */
  workNames: string;
  /** "Acme ticket" */
  workName: string;
  /** What the tracker choice says of it: "Acme tickets (REST API)". */
  choice: string;
}

/** The services a text may list, so one added to the registry appears in every text that names them all. */
export interface ServiceNames {
  trackers: readonly TrackerNames[];
  /** Every service reached over the network by name and address variable, trackers first, the page last. */
  services: readonly { name: string; addressEnv: string }[];
}

/** A text that may list the services: written once, filled from the registry. */
export type ServiceText = string | ((names: ServiceNames) => string);

export interface SettingDeclaration {
  /** Its key under `sreTracker.` ('acme.server'); '' for a variable only the CLI reads. */
  key: string;
  /** The CLI's environment variable; none for a setting only VS Code has. */
  env?: string;
  /** A credential: SecretStorage in VS Code, a variable for the CLI, never a setting. */
  secret?: boolean;
  /** Its schema in VS Code; none for a secret or a variable only the CLI reads. */
  schema?: SettingSchema | ((names: ServiceNames) => SettingSchema);
  /** `.env.example`'s comment above the variable (a group's comment goes on its first variable). */
  envComment?: ServiceText;
  /** `.env.example`'s value when it is not the default. */
  envExample?: string;
}

/** A titled group of settings: a section of VS Code's Settings editor and a paragraph of `.env.example`. */
export interface SettingSection {
  /** `sreTracker.<id>` is the section's id in package.json. */
  id: string;
  title: string;
  settings: readonly SettingDeclaration[];
}

/** "A", "A or B", "A, B or C". */
export function orList(words: readonly string[], conjunction = 'or'): string {
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}

export function textOf(text: ServiceText | undefined, names: ServiceNames): string | undefined {
  return typeof text === 'function' ? text(names) : text;
}

export function schemaOf(setting: SettingDeclaration, names: ServiceNames): SettingSchema | undefined {
  return typeof setting.schema === 'function' ? setting.schema(names) : setting.schema;
}
