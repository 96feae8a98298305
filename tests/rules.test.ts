// Every rule a message can carry is explained in the editors' guide (rule → cause → fix), so an
// editor who reads [rule-id] in a report finds what to write instead in one table. A message can
// only carry an id of RULES (messages.ts types it), so the list is the whole set, however the
// message is made (error, warning, a problem kept apart from its file, a template's error).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/messages.ts';
import { root } from './helpers.ts';

function rulesInGuide(): Set<string> {
  const guide = readFileSync(path.join(root, 'docs', 'editors-guide.md'), 'utf8');
  return new Set(
    guide
      .split('\n')
      .filter((line) => line.startsWith('| '))
      .flatMap((line) => line.split('|')[1].replace(/（警告）/g, '').split('/').map((s) => s.trim())),
  );
}

describe('the rule table of docs/editors-guide.md', () => {
  it('explains every rule a message can carry', () => {
    const table = rulesInGuide();
    expect(RULES.filter((rule) => !table.has(rule))).toEqual([]);
  });

  it('explains no rule that does not exist', () => {
    const ruleLike = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;
    expect([...rulesInGuide()].filter((rule) => ruleLike.test(rule) && !(RULES as readonly string[]).includes(rule))).toEqual([]);
  });
});
