import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  loadMetaFile
} from "./chunk-SRVF7XG2.js";
import {
  ConsumerError
} from "./chunk-YSLGEC7P.js";
import {
  Keyring
} from "./chunk-DOLYYDC4.js";
import "./chunk-EJ7IZX3C.js";
import {
  writeFileAtomic
} from "./chunk-OTTJLMFO.js";
import "./chunk-JUYU6Q66.js";
import "./chunk-SMY7YJGK.js";
import "./chunk-3TZPSSYH.js";
import "./chunk-HOVORFGY.js";
import {
  jsonStringify,
  printable,
  usageError
} from "./chunk-FWEKEFTV.js";

// src/cli/commands/update-keyring.ts
import { resolve } from "node:path";

// src/consumer/gpg-export.ts
import { spawn } from "node:child_process";
function gpgExport(fingerprints, env) {
  return new Promise((resolve2, reject) => {
    const child = spawn("gpg", ["--batch", "--no-tty", "--armor", "--export", "--", ...fingerprints], {
      env: { ...env, LC_ALL: "C" },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 3e4
    });
    const out = [];
    const err = [];
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on(
      "error",
      (e) => reject(
        new ConsumerError(e.code === "ENOENT" ? "gpg is not installed or not on PATH" : e.message, "KEYRING")
      )
    );
    child.on("close", (code) => {
      if (code === 0) resolve2(Buffer.concat(out));
      else
        reject(
          new ConsumerError(`gpg --export failed: ${Buffer.concat(err).toString("utf8").trim()}`, "KEYRING")
        );
    });
  });
}
async function exportKeyring(fingerprints, path, env) {
  const wanted = [...new Set(fingerprints)].sort();
  const data = wanted.length ? await gpgExport(wanted, env) : Buffer.alloc(0);
  const ring = data.length ? await Keyring.fromFiles([{ name: "gpg --export", data }]) : Keyring.empty();
  const exported = wanted.filter((f) => ring.has(f));
  const missing = wanted.filter((f) => !ring.has(f));
  if (exported.length > 0) {
    try {
      await writeFileAtomic(path, data);
    } catch (e) {
      throw new ConsumerError(`cannot write the keyring ${path}: ${e.message}`, "KEYRING");
    }
  }
  return { exported, missing };
}

// src/cli/commands/update-keyring.ts
async function run(ctx) {
  const { args, io } = ctx;
  const metaText = args.values.get("config");
  if (metaText === void 0) throw usageError("expected --config META: the meta configuration of the peers");
  const keyringText = args.values.get("keyring");
  if (keyringText === void 0) throw usageError("expected --keyring PATH: where to write the public keys");
  if (ctx.format !== "text" && ctx.format !== "json")
    throw usageError(`--format ${ctx.format} is not available for update-keyring; use text or json`);
  const { groups } = await loadMetaFile(resolve(io.cwd, metaText), io.cwd);
  const owners = /* @__PURE__ */ new Map();
  for (const g of groups) for (const f of g.fingerprints) owners.set(f, [...owners.get(f) ?? [], g.name]);
  const path = resolve(io.cwd, keyringText);
  const result = await exportKeyring([...owners.keys()], path, io.env);
  if (ctx.format === "json") {
    io.out(`${jsonStringify({ path, exported: result.exported, missing: result.missing }, 2)}
`);
  } else {
    if (result.exported.length > 0 && !ctx.quiet)
      io.out(
        `wrote ${result.exported.length} key${result.exported.length === 1 ? "" : "s"} to ${printable(path)}
`
      );
    for (const f of result.missing)
      io.out(
        `missing: ${f} (group ${(owners.get(f) ?? []).map(printable).join(", ")}) is not in your GnuPG keyring
`
      );
    if (result.exported.length === 0)
      io.out("nothing written: none of the listed keys is in your GnuPG keyring\n");
  }
  return result.missing.length > 0 ? 1 : 0;
}
export {
  run
};
