import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonStringify } from '../../src/model/json.ts';

describe('jsonStringify', () => {
  it('escapes DEL, every C1 control and U+2028/U+2029, meaning the same JSON', () => {
    const raw = Array.from({ length: 0xa0 - 0x7f }, (_, i) => String.fromCharCode(0x7f + i)).join('');
    const value = { [`k${raw}`]: [`${raw}\u2028\u2029`, 'plain é ✓'] };
    for (const indent of [undefined, 2]) {
      const text = jsonStringify(value, indent);
      assert.doesNotMatch(text, /[\u007f-\u009f\u2028\u2029]/);
      assert.match(text, /\\u007f\\u0080.*\\u009b.*\\u009f/);
      assert.deepEqual(JSON.parse(text), value);
      assert.match(text, /plain é ✓/, 'other characters stay as they are');
    }
  });
});
