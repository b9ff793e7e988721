/** How every YAML file of the evidence is parsed, the formats' own reads included. */

/**
 * The most alias resolutions one YAML file may take: a compose or CI file uses one anchor hundreds of times, while an
 * alias bomb multiplies far past this (yaml's own default, 100, failed on such ordinary files).
 */
export const MAX_ALIASES = 1000;

/**
 * How every YAML file is parsed: duplicate keys allowed (kubectl keeps the last), and the library's warnings
 * kept to itself (a document's errors are what we report).
 */
export const YAML_OPTIONS = { uniqueKeys: false, logLevel: 'error' } as const;
