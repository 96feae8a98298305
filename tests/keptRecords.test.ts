// The newest bundle's search records kept between builds (src/cache/keptRecords.ts): a build gets back
// what the last one used, by key, and the file holds only what the last build used.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeptRecords } from '../src/cache/keptRecords.ts';
import { tempDir } from './helpers.ts';

describe('kept search records', () => {
  it('gives back by key what the last build used, and keeps nothing else', async () => {
    const dir = path.join(tempDir('kept-records'), 'records');
    const content = tempDir('kept-records-content');
    const first = new KeptRecords(dir, content);
    expect(first.get('a')).toBeUndefined();
    first.set('a', ['<p>甲</p>']);
    first.set('b', ['<p>乙</p>', '<p>乙二</p>']);
    await first.save();

    const second = new KeptRecords(dir, content);
    expect(second.get('b')).toEqual(['<p>乙</p>', '<p>乙二</p>']);
    second.set('c', ['<p>丙</p>']);
    await second.save();

    const third = new KeptRecords(dir, content);
    expect(third.get('a')).toBeUndefined();
    expect(third.get('b')).toEqual(['<p>乙</p>', '<p>乙二</p>']);
    expect(third.get('c')).toEqual(['<p>丙</p>']);
    // Another content folder has a file of its own.
    expect(new KeptRecords(dir, tempDir('kept-records-other')).get('b')).toBeUndefined();
    expect(readdirSync(dir).length).toBe(1);
  });

  it('renders again what a file cut short or spoiled would give', () => {
    const dir = path.join(tempDir('kept-records-spoiled'), 'records');
    const content = tempDir('kept-records-spoiled-content');
    const kept = new KeptRecords(dir, content);
    expect(existsSync(dir)).toBe(false);
    kept.set('a', ['<p>甲</p>']);
    return kept.save().then(() => {
      const [name] = readdirSync(dir);
      writeFileSync(path.join(dir, name), '{"a": ["<p>');
      expect(new KeptRecords(dir, content).get('a')).toBeUndefined();
    });
  });
});
