// Every rule a message can carry is explained in the editors' guide (rule → cause → fix), so an
// editor who reads [rule-id] in a report finds what to write instead in one table.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.ts';

/** The rule ids written literally as the last argument of error(…)/warning(…), or as `ruleId:` of a message made directly, anywhere in src/. */
function rulesInSource(): Set<string> {
  const rules = new Set<string>();
  const src = path.join(root, 'src');
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const code = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const call of code.matchAll(/\b(?:error|warning)\((?:[^;]|;(?!\s*$))*?,\s*'([a-z0-9]+(?:-[a-z0-9]+)+)'\s*,?\s*\)/gm)) rules.add(call[1]);
    for (const option of code.matchAll(/\bruleId:\s*'([a-z0-9]+(?:-[a-z0-9]+)+)'/g)) rules.add(option[1]);
    // Rule ids put together from a key: front-matter-missing, front-matter-invalid …
    for (const ternary of code.matchAll(/'([a-z0-9]+(?:-[a-z0-9]+)+)'\s*:\s*'([a-z0-9]+(?:-[a-z0-9]+)+)'/g)) if (/\b(?:error|warning)\(/.test(code)) rules.add(ternary[1]).add(ternary[2]);
  }
  return rules;
}

describe('the rule table of docs/editors-guide.md', () => {
  it('explains every rule a message can carry', () => {
    const guide = readFileSync(path.join(root, 'docs', 'editors-guide.md'), 'utf8');
    const table = new Set(
      guide
        .split('\n')
        .filter((line) => line.startsWith('| '))
        .flatMap((line) => line.split('|')[1].replace(/（警告）/g, '').split('/').map((s) => s.trim())),
    );
    const rules = rulesInSource();
    expect(rules.size).toBeGreaterThan(20);
    expect([...rules].filter((rule) => !table.has(rule)).sort()).toEqual([]);
  });
});
