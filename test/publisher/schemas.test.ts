import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { ROOT } from '../helpers/cli.ts';

describe('the JSON Schemas', () => {
  const dir = join(ROOT, 'schemas');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    it(`${name} is a valid draft-07 schema with a stable $id and descriptions`, () => {
      const schema = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
      assert.equal(schema.$id, `https://unpkg.com/smtpfp/schemas/${name}`);
      assert.ok(typeof schema.description === 'string' && schema.description.length > 20);
      const ajv = new Ajv({
        strict: true,
        strictRequired: false,
        allowUnionTypes: true,
        validateSchema: true,
      });
      assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
      ajv.compile(schema);
    });
  }
});
