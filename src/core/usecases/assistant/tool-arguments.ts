/**
 * The JSON Schemas the assistant tools declare (to MCP clients and in package.json's languageModelTools), and the
 * check every call's arguments get against them: a wrong argument is an error that names it, never a crash.
 */
import { controlCharacterIn } from '../../domain/control-characters';
import { inputError } from '../../errors';

/** The part of JSON Schema the tools use. */
export type JsonSchema =
  | { type: 'string'; description: string; enum?: readonly string[]; maxLength?: number }
  | { type: 'integer'; description: string; minimum?: number; maximum?: number }
  | { type: 'boolean'; description: string }
  | { type: 'object'; description: string; additionalProperties: { type: 'boolean' } };

export interface ObjectSchema {
  type: 'object';
  properties: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties: false;
}

/** Names and free text are bounded: nothing a model sends can make a call slow or a stored text huge. */
const MAX_TEXT = 2000;

/** Free text that may span lines; every other string is one line. */
const MULTI_LINE = new Set(['notes', 'reason']);

export function checkArguments(schema: ObjectSchema, args: unknown): Record<string, unknown> {
  if (args === undefined || args === null) args = {};
  if (typeof args !== 'object' || Array.isArray(args)) throw inputError('the arguments must be an object');
  const given = args as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!(name in schema.properties))
      throw inputError(`unknown argument "${name}" (arguments: ${Object.keys(schema.properties).join(', ')})`);
  }
  for (const name of schema.required ?? []) {
    if (given[name] === undefined) throw inputError(`argument "${name}" is required`);
  }
  const checked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    const property = schema.properties[name];
    if (value === undefined || value === null || !property) continue;
    checked[name] = checkValue(name, property, value);
  }
  return checked;
}

function checkValue(name: string, schema: JsonSchema, value: unknown): unknown {
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') throw inputError(`argument "${name}" must be a string`);
      if (value.length > (schema.maxLength ?? MAX_TEXT))
        throw inputError(`argument "${name}" is longer than ${schema.maxLength ?? MAX_TEXT} characters`);
      const control = controlCharacterIn(value, !MULTI_LINE.has(name));
      if (control) throw inputError(`argument "${name}" contains ${control}`);
      if (schema.enum && !schema.enum.includes(value))
        throw inputError(`argument "${name}" must be one of ${schema.enum.join(', ')}, not "${value}"`);
      return value;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw inputError(`argument "${name}" must be a whole number`);
      if (
        (schema.minimum !== undefined && value < schema.minimum) ||
        (schema.maximum !== undefined && value > schema.maximum)
      )
        throw inputError(`argument "${name}" must be from ${schema.minimum ?? '…'} to ${schema.maximum ?? '…'}`);
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw inputError(`argument "${name}" must be true or false`);
      return value;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) throw inputError(`argument "${name}" must be an object`);
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'boolean') throw inputError(`argument "${name}": "${k}" must be true or false`);
      }
      return value;
    }
  }
}
