// concatenate_paths cases from libsinsp's own unit test (sinsp_utils.ut.cpp), quirks included.
import { describe, expect, it } from 'vitest';
import { asDirBase, concatenatePaths, updatedCwd } from '../../src/state/path-resolution.js';

const CASES: [string, string, string][] = [
  ['', '', ''],
  ['', '../', ''],
  ['', '..', ''],
  ['/', '../', '/'],
  ['a', '../', 'a..'],
  ['a/', '../', ''],
  ['', '/foo', '/foo'],
  ['foo/', '..//a', 'a'],
  ['/foo/', '..//a', '/a'],
  ['heolo', 'w////////////..//////.////////r.|', 'r.|'],
  ['heolo', 'w/////////////..//', ''],
  ['', './', ''],
  ['', 'dir/term', 'dir/term'],
  ['', '//dir/term', '/dir/term'],
  ['/', 'dir/term', '/dir/term'],
  ['', '///dir/term', '/dir/term'],
  ['', './dir/term', 'dir/term'],
  ['/', '//dir//////term', '/dir/term'],
  ['/', '/dir/term', '/dir/term'],
  ['../.../', 'dir/././././../../.../term/', '../.../term'],
  ['../.../', '/app/custom/dir/././././../../.../term/', '/app/.../term'],
  ['../.../', '/app/custom/dir/././././../../term/', '/app/term'],
  ['./app', 'custom/term', './appcustom/term'],
  ['/app', 'custom/term', '/appcustom/term'],
  ['app', 'custom/term', 'appcustom/term'],
  ['app/', 'custom/term', 'app/custom/term'],
  ['app/////', 'custom////term', 'app/////custom/term'],
  ['/', '/app/custom/dir/././././../../term/', '/app/term'],
  ['/', '////app', '/app'],
  ['/root/', '../😀', '/😀'],
  ['/root/', '../诶比西', '/诶比西'],
];

describe('concatenatePaths', () => {
  it.each(CASES)('(%j, %j) → %j', (base, path, expected) => {
    expect(concatenatePaths(base, path)).toBe(expected);
  });

  it('replaces joins longer than SCAP_MAX_PATH_SIZE (bytes) by a marker', () => {
    expect(concatenatePaths('C'.repeat(1500), 'dir/term')).toBe('/DIR_TOO_LONG/FILENAME_TOO_LONG');
    expect(concatenatePaths('/', '诶'.repeat(400))).toBe('/DIR_TOO_LONG/FILENAME_TOO_LONG');
    expect(concatenatePaths('/', '诶'.repeat(300))).toBe(`/${'诶'.repeat(300)}`);
  });

  it('keeps a relative result when the base is empty', () => {
    expect(concatenatePaths('', 'foo/bar')).toBe('foo/bar');
    expect(concatenatePaths('<UNKNOWN>', 'foo')).toBe('<UNKNOWN>foo');
  });
});

describe('cwd and directory bases', () => {
  it('keeps cwds ending in a slash (libsinsp update_cwd)', () => {
    expect(updatedCwd('/home/u/', 'src')).toBe('/home/u/src/');
    expect(updatedCwd('/home/u/', '..')).toBe('/home/');
    expect(updatedCwd('/home/u/', '/tmp//x/')).toBe('/tmp/x/');
    expect(updatedCwd('', '/')).toBe('/');
    expect(updatedCwd('/', '../..')).toBe('/');
  });

  it('adds a slash to directory names used as bases', () => {
    expect(asDirBase('/etc')).toBe('/etc/');
    expect(asDirBase('/etc/')).toBe('/etc/');
    expect(asDirBase('')).toBe('');
  });
});
