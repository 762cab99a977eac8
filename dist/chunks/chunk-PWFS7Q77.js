import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  OUTPUT_FORMATS
} from "./chunk-FE4UCQFH.js";
import {
  GitError
} from "./chunk-CRUGFJYM.js";
import {
  parseNow
} from "./chunk-DUYTJGPC.js";
import {
  printableText,
  reportError,
  usageError
} from "./chunk-FWEKEFTV.js";

// src/cli/consumer-options.ts
var CONSUMER_OPTIONS = {
  "state-dir": {
    kind: "value",
    arg: "DIR",
    help: "keep fetched repositories and per-group state here (default: a temporary folder removed at exit)"
  },
  keyring: {
    kind: "value",
    arg: "PATH",
    help: "the peers' public keys (default: the file 'keyring' beside the meta configuration)"
  },
  diff: { kind: "flag", help: "print a unified diff of every output and write nothing" },
  "source-ttl": {
    kind: "value",
    arg: "DURATION",
    help: "how long a failing group's last accepted pins are kept (default 7d)"
  },
  "rollover-window": {
    kind: "value",
    arg: "DURATION",
    help: "also pin configurations starting within this window (default 24h)"
  },
  "on-change": {
    kind: "value",
    arg: "CMD",
    help: "run CMD (split into words, no shell) once after any output changed"
  },
  "fetch-timeout": { kind: "value", arg: "DURATION", help: "bound each fetch (default 2m)" },
  jobs: { kind: "value", arg: "N", help: "fetch and verify N groups at once (default 4)" },
  "tor-transport": {
    kind: "value",
    arg: "NAME",
    help: "the transport of postfix-transport outputs (default smtptor)"
  }
};

// src/cli/commands/registry.ts
var CHECK_OPTIONS = {
  staged: { kind: "flag", help: "check the index (what the next commit records), as pre-commit does" },
  worktree: { kind: "flag", help: "check the files on disk instead of the committed tree" },
  strict: { kind: "flag", help: "fail on warnings too" },
  "expiry-warning": {
    kind: "value",
    arg: "DAYS",
    help: "warn when a certificate expires within DAYS (default 30)"
  }
};
var VERIFY_OPTIONS = {
  range: {
    kind: "value",
    arg: "A..B",
    help: "the commits reachable from B and not from A (a zero A: a new branch)"
  },
  since: { kind: "value", arg: "A", help: "same as --range A..HEAD" },
  all: { kind: "flag", help: "every commit reachable from any ref" },
  fingerprint: { kind: "list", arg: "FPR", help: "an allowed signer (primary key fingerprint)" },
  keyring: { kind: "list", arg: "PATH", help: "public keys: a file (armored or binary) or a folder of them" },
  tags: { kind: "flag", help: "verify the signed tags pointing into the range too" }
};
var COMMANDS = [
  {
    name: "check",
    summary: "validate a publisher repository: service files and certificates",
    usage: "smtpfp check [PATH] [--staged | --worktree] [--strict] [--expiry-warning DAYS]",
    options: CHECK_OPTIONS,
    load: () => import("./check-KSL4DT6Q.js")
  },
  {
    name: "verify-commits",
    summary: "prove every commit of a range is signed by an allowed OpenPGP key",
    usage: "smtpfp verify-commits [--range A..B | --since A | --all] [--fingerprint FPR]... [--keyring PATH]... [--tags]",
    options: VERIFY_OPTIONS,
    load: () => import("./verify-commits-TVXRZIZX.js")
  },
  {
    name: "pre-commit",
    summary: "git pre-commit hook: check the index and the signing set-up",
    usage: "smtpfp pre-commit [--strict] [--expiry-warning DAYS]",
    options: {
      strict: CHECK_OPTIONS.strict,
      "expiry-warning": CHECK_OPTIONS["expiry-warning"]
    },
    load: () => import("./pre-commit-6L3BYA66.js")
  },
  {
    name: "pre-push",
    summary: "git pre-push hook: verify every pushed commit's signature (reads git's lines on stdin)",
    usage: "smtpfp pre-push [REMOTE [URL]] [--fingerprint FPR]... [--keyring PATH]... [--tags]",
    options: {
      fingerprint: VERIFY_OPTIONS.fingerprint,
      keyring: VERIFY_OPTIONS.keyring,
      tags: {
        kind: "flag",
        help: "also require every pushed annotated tag to be signed by an allowed key (signed tags are always verified)"
      }
    },
    load: () => import("./pre-push-6SS4BFYG.js")
  },
  {
    name: "init",
    summary: "install the pre-commit and pre-push hooks (husky when the repository uses it); start .smtpfp.yml with the signing key",
    usage: "smtpfp init [--force]",
    options: {
      force: { kind: "flag", help: "replace hooks that smtpfp did not install" }
    },
    load: () => import("./init-I7OCQ4WO.js")
  },
  {
    name: "status",
    summary: "what the consumer's state says per group: accepted commit, last attempt, TTL left, earliest expiry (exit 1 when failing)",
    usage: "smtpfp status --state-dir DIR [--config META] [--format text|json]",
    options: {
      "state-dir": {
        kind: "value",
        arg: "DIR",
        help: "the folder of 'update --state-dir' (read only, never fetched)"
      }
    },
    load: () => import("./status-I7QC5MYN.js")
  },
  {
    name: "add-cert",
    summary: "record a renewed certificate in the publisher repository's work tree (same key: in place; new key: a timed configuration)",
    usage: "smtpfp add-cert --service NAME --domain DOMAIN --cert PEM [--valid-after TIME|+DURATION]",
    options: {
      service: { kind: "value", arg: "NAME", help: "the service file to edit: NAME.yml (e.g. 'smtp')" },
      domain: { kind: "value", arg: "DOMAIN", help: "the domain whose certificate was renewed" },
      cert: {
        kind: "value",
        arg: "PEM",
        help: "the new certificate (PEM, leaf first), e.g. certbot's fullchain.pem"
      },
      "valid-after": {
        kind: "value",
        arg: "TIME|+DURATION",
        help: "when a new key takes effect (default: now + 48h, the 24h rollover window plus a day of margin)"
      }
    },
    load: () => import("./add-cert-IMCK5SMP.js")
  },
  {
    name: "ci",
    summary: "in GitHub Actions or GitLab CI: check the tip and verify the pushed or proposed commits",
    usage: "smtpfp ci [PATH] [--fingerprint FPR]... [--keyring PATH]... [--strict] [--expiry-warning DAYS]",
    options: {
      fingerprint: VERIFY_OPTIONS.fingerprint,
      keyring: VERIFY_OPTIONS.keyring,
      strict: CHECK_OPTIONS.strict,
      "expiry-warning": CHECK_OPTIONS["expiry-warning"]
    },
    load: () => import("./ci-C2R2VPY7.js")
  },
  {
    name: "probe",
    summary: "connect with STARTTLS and show the server's certificate and public-key digests; compare with a pin",
    usage: "smtpfp probe HOST[:PORT] [--domain D [--service S | --pins FILE]] [--timeout DURATION]",
    options: {
      domain: { kind: "value", arg: "D", help: "compare with the pin for domain D" },
      service: {
        kind: "value",
        arg: "S",
        help: "the publisher's service file the pin is read from, at HEAD (default smtp)"
      },
      pins: {
        kind: "value",
        arg: "FILE",
        help: "read the pin from a consumer's rendered json output instead of the publisher repository"
      },
      timeout: { kind: "value", arg: "DURATION", help: "bound for the whole probe (default 10s)" }
    },
    load: () => import("./probe-36C4VQNL.js")
  },
  {
    name: "update",
    summary: "consumer: fetch every peer, verify its signed tip, render the layout's pin maps",
    usage: "smtpfp --config META update --layout LAYOUT [--state-dir DIR] [--diff] [--on-change CMD] ...",
    options: {
      layout: { kind: "value", arg: "LAYOUT", help: "which outputs to render for each service (YAML)" },
      metrics: {
        kind: "value",
        arg: "FILE",
        help: "write Prometheus metrics (node_exporter's textfile collector) to FILE after the run"
      },
      ...CONSUMER_OPTIONS
    },
    load: () => import("./update-3WSKPZPL.js")
  },
  {
    name: "update-service",
    summary: "consumer: like update, for one service and the outputs given on the command line",
    usage: "smtpfp --config META update-service --service NAME --output FORMAT:PATH... [--state-dir DIR] ...",
    options: {
      service: { kind: "value", arg: "NAME", help: "the service to render (e.g. smtp)" },
      output: {
        kind: "list",
        arg: "FORMAT:PATH",
        help: "an output: postfix, postfix-transport, exim, prosody or json, and its path"
      },
      metrics: {
        kind: "value",
        arg: "FILE",
        help: "write Prometheus metrics (node_exporter's textfile collector) to FILE after the run"
      },
      ...CONSUMER_OPTIONS
    },
    load: () => import("./update-service-Y3CQYBDT.js")
  },
  {
    name: "update-keyring",
    summary: "consumer: export the meta configuration's fingerprints from your GnuPG into a keyring file",
    usage: "smtpfp --config META update-keyring --keyring PATH",
    options: { keyring: { kind: "value", arg: "PATH", help: "the keyring file to write" } },
    load: () => import("./update-keyring-IDICLVAD.js")
  },
  {
    name: "explain",
    summary: "consumer: for a domain, which group, commit, configuration and certificate it is pinned from",
    usage: "smtpfp --config META explain DOMAIN [--state-dir DIR] [--keyring PATH] ...",
    options: CONSUMER_OPTIONS,
    load: () => import("./explain-P4FXFWWY.js")
  }
];
function findCommand(name) {
  return COMMANDS.find((c) => c.name === name);
}

// src/cli/args.ts
var GLOBAL_OPTIONS = {
  config: {
    kind: "value",
    arg: "META",
    help: "the meta configuration of the peers (consumer commands)"
  },
  now: {
    kind: "value",
    arg: "TIME",
    help: "evaluate valid_after, expiry and TTLs as of TIME (default: now)"
  },
  format: { kind: "value", arg: "FORMAT", help: "text | json | github | gitlab (default: text)" },
  "no-color": { kind: "flag", help: "never color the text output" },
  quiet: { kind: "flag", short: "q", help: "print only problems" },
  help: { kind: "flag", short: "h", help: "show help" },
  version: { kind: "flag", short: "V", help: "show the version" },
  debug: { kind: "flag", help: "show stack traces of internal errors" }
};
function parseArgs(argv, commandOptions) {
  const out = {
    command: void 0,
    positionals: [],
    flags: /* @__PURE__ */ new Set(),
    values: /* @__PURE__ */ new Map(),
    lists: /* @__PURE__ */ new Map()
  };
  let table = { ...GLOBAL_OPTIONS };
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || arg === "-" || !arg.startsWith("-")) {
      if (out.command === void 0 && !onlyPositionals) {
        out.command = arg;
        const own = commandOptions(arg);
        if (own) table = { ...GLOBAL_OPTIONS, ...own };
      } else {
        out.positionals.push(arg);
      }
      continue;
    }
    if (arg === "--") {
      onlyPositionals = true;
      continue;
    }
    let name;
    let inline;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : void 0;
    } else {
      const short = arg.slice(1);
      const found = Object.entries(table).find(([, s]) => s.short === short);
      if (!found)
        throw usageError(`unknown option '${arg}'${out.command ? ` for '${out.command}'` : ""}; see --help`);
      name = found[0];
    }
    const spec = table[name];
    if (!spec)
      throw usageError(`unknown option '--${name}'${out.command ? ` for '${out.command}'` : ""}; see --help`);
    if (spec.kind === "flag") {
      if (inline !== void 0) throw usageError(`option '--${name}' takes no value, got '${inline}'`);
      out.flags.add(name);
      continue;
    }
    let value = inline;
    if (value === void 0) {
      value = argv[++i];
      if (value === void 0) throw usageError(`option '--${name}' expects ${spec.arg ?? "a value"}`);
    }
    if (spec.kind === "value") out.values.set(name, value);
    else out.lists.set(name, [...out.lists.get(name) ?? [], value]);
  }
  return out;
}
function helpTable(table) {
  const rows = Object.entries(table).map(([name, s]) => {
    const left = `${s.short ? `-${s.short}, ` : "    "}--${name}${s.arg ? ` ${s.arg}` : ""}`;
    return `  ${left.padEnd(30)} ${s.help}${s.kind === "list" ? " (repeatable)" : ""}`;
  });
  return rows.join("\n");
}

// src/cli/main.ts
var VERSION = true ? "0.1.0" : "0.0.0-dev";
function overview() {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `smtpfp ${VERSION}: pin your peers' TLS certificates from OpenPGP-signed git repositories`,
    "",
    "Usage: smtpfp [global options] <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Global options:",
    helpTable(GLOBAL_OPTIONS),
    "",
    "Exit status: 0 success (warnings allowed), 1 the check failed, 2 usage or environment error.",
    "Run 'smtpfp <command> --help' for a command's options.",
    ""
  ].join("\n");
}
async function main(argv, rawIo) {
  const debug = argv.includes("--debug");
  const io = { ...rawIo, err: (text) => rawIo.err(printableText(text)) };
  try {
    const args = parseArgs(argv, (name) => findCommand(name)?.options);
    if (args.flags.has("version")) {
      io.out(`${VERSION}
`);
      return 0;
    }
    const info = args.command === void 0 ? void 0 : findCommand(args.command);
    if (args.command !== void 0 && !info) {
      throw usageError(
        `unknown command '${args.command}'; expected one of: ${COMMANDS.map((c) => c.name).join(", ")}`
      );
    }
    if (!info) {
      io.out(overview());
      return args.flags.has("help") ? 0 : 2;
    }
    if (args.flags.has("help")) {
      io.out(
        `Usage: ${info.usage}

${info.summary}

Options:
${helpTable(info.options)}
${helpTable(GLOBAL_OPTIONS)}
`
      );
      return 0;
    }
    const format = args.values.get("format") ?? "text";
    if (!OUTPUT_FORMATS.includes(format)) {
      throw usageError(`--format expects one of ${OUTPUT_FORMATS.join(", ")}, got '${format}'`);
    }
    let now = Date.now();
    const nowText = args.values.get("now");
    if (nowText !== void 0) {
      const parsed = parseNow(nowText);
      if (parsed === void 0) {
        throw usageError(
          `--now expects 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM[:SS]' (UTC) or RFC 3339, got '${nowText}'`
        );
      }
      now = parsed;
    }
    const ctx = {
      args,
      io,
      format,
      color: io.stdoutIsTTY && !args.flags.has("no-color") && !io.env.NO_COLOR,
      quiet: args.flags.has("quiet"),
      now,
      debug
    };
    const mod = await info.load();
    return await mod.run(ctx);
  } catch (e) {
    const report = reportError(e);
    if (report.internal) {
      io.err(`smtpfp: internal error: ${report.message}${debug ? "" : " (run with --debug for details)"}
`);
    } else io.err(`smtpfp: ${report.message}
`);
    if (debug && (report.internal || e instanceof GitError) && e instanceof Error && e.stack)
      io.err(`${e.stack}
`);
    return report.status;
  }
}
function processIo() {
  const closed = { out: false, err: false };
  process.stdout.on("error", (e) => {
    if (e.code !== "EPIPE") throw e;
    closed.out = true;
  });
  process.stderr.on("error", (e) => {
    if (e.code !== "EPIPE") throw e;
    closed.err = true;
  });
  return {
    out: (t) => {
      if (!closed.out) process.stdout.write(t);
    },
    err: (t) => {
      if (!closed.err) process.stderr.write(t);
    },
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
    stdin: process.stdin
  };
}
async function runProcess(argv) {
  const code = await main(argv, processIo());
  process.exitCode = code;
}

export {
  findCommand,
  VERSION,
  runProcess
};
