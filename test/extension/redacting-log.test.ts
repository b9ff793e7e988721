// The extension's log redacts every line, whoever logs it (issue 36.5).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type * as vscode from 'vscode';

import { keepSecret } from '../../src/core/errors';
import { redactingLog } from '../../src/extension/redacting-log';

describe('the output channel', () => {
  it('never shows credentials in an address or a kept secret, at any level', () => {
    const lines: unknown[] = [];
    const record = (m: unknown) => void lines.push(m);
    const channel = {
      name: 'SRE',
      info: record,
      warn: record,
      error: record,
      appendLine: record,
    } as unknown as vscode.LogOutputChannel;
    keepSecret('rally-key-5f3a-echoed');
    const log = redactingLog(channel);
    log.warn('Rally is not answering (https://ana:pa55word@rally.example/slm): try 2 of 5…');
    log.info('the server said: invalid key rally-key-5f3a-echoed');
    log.error(new Error('failed at https://bob:hunter2@jira.example'));
    assert.equal(log.name, 'SRE', 'everything else passes through');
    assert.deepEqual(lines, [
      'Rally is not answering (https://***@rally.example/slm): try 2 of 5…',
      'the server said: invalid key ***',
      lines[2],
    ]);
    assert.doesNotMatch(String(lines[2]), /hunter2/);
  });
});
