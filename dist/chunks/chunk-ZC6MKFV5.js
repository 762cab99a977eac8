import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  ConsumerError
} from "./chunk-YSLGEC7P.js";
import {
  writeFileAtomic
} from "./chunk-OTTJLMFO.js";
import {
  jsonStringify
} from "./chunk-FWEKEFTV.js";

// src/consumer/state-store.ts
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
var STATE_VERSION = 1;
var GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
var groupsDir = (stateDir) => join(stateDir, "groups");
var groupFile = (stateDir, group) => join(groupsDir(stateDir), `${group}.json`);
var mirrorDir = (stateDir, group) => join(stateDir, "mirrors", `${group}.git`);
var runFile = (stateDir) => join(stateDir, "run.json");
function checkName(group) {
  if (!GROUP_NAME.test(group))
    throw new ConsumerError(`group name '${group}' cannot name a state file`, "STATE");
}
async function readVersioned(path) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if (e.code === "ENOENT") return void 0;
    throw new ConsumerError(`cannot read the state file ${path}: ${e.message}`, "STATE");
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ConsumerError(
      `the state file ${path} is not JSON: remove it to start that part afresh`,
      "STATE"
    );
  }
  if (!data || typeof data !== "object" || data.version !== STATE_VERSION) {
    throw new ConsumerError(
      `the state file ${path} is not of state format version ${STATE_VERSION}: expected {"version": ${STATE_VERSION}, ...}`,
      "STATE"
    );
  }
  return data;
}
async function prepareStateDir(stateDir) {
  try {
    await mkdir(groupsDir(stateDir), { recursive: true, mode: 448 });
    await mkdir(join(stateDir, "mirrors"), { recursive: true, mode: 448 });
  } catch (e) {
    throw new ConsumerError(`cannot use the state dir ${stateDir}: ${e.message}`, "STATE");
  }
}
async function readGroupRecord(stateDir, group) {
  checkName(group);
  const data = await readVersioned(groupFile(stateDir, group));
  if (!data) return void 0;
  return {
    state: data.state,
    contribution: data.contribution ?? null
  };
}
async function writeGroupRecord(stateDir, record) {
  checkName(record.state.group);
  const body = `${jsonStringify({ version: STATE_VERSION, state: record.state, contribution: record.contribution })}
`;
  await writeFileAtomic(groupFile(stateDir, record.state.group), body, 384);
}
async function readGroupStates(stateDir) {
  let names;
  try {
    names = await readdir(groupsDir(stateDir));
  } catch (e) {
    if (e.code === "ENOENT") return [];
    throw new ConsumerError(`cannot read the state dir ${stateDir}: ${e.message}`, "STATE");
  }
  const out = [];
  for (const name of names.filter((n) => n.endsWith(".json")).sort()) {
    const group = name.slice(0, -".json".length);
    if (!GROUP_NAME.test(group)) continue;
    const record = await readGroupRecord(stateDir, group);
    if (record) out.push(record.state);
  }
  return out;
}
async function readRunRecord(stateDir) {
  const data = await readVersioned(runFile(stateDir));
  return data ? data.run : void 0;
}
async function writeRunRecord(stateDir, run) {
  await writeFileAtomic(runFile(stateDir), `${jsonStringify({ version: STATE_VERSION, run })}
`, 384);
}

export {
  mirrorDir,
  prepareStateDir,
  readGroupRecord,
  writeGroupRecord,
  readGroupStates,
  readRunRecord,
  writeRunRecord
};
