/**
 * JUnit XML, the one writer every tool's report uses (the de-facto schema CI systems read: testsuites > testsuite >
 * testcase with <failure>, <error> or <skipped>, and <system-err> for warnings).
 */

/** How one test case ended, in JUnit's terms. */
export type JunitOutcome = "passed" | "failure" | "error" | "skipped";

export interface JunitCase {
  classname: string;
  name: string;
  timeMs: number;
  outcome: JunitOutcome;
  /** Short message (attribute) of a failure, error or skip. */
  message?: string;
  /** Type of a failure or error (e.g. the exception name). */
  type?: string;
  /** Longer text inside <failure>/<error>. */
  detail?: string;
  /** Warnings, written as <system-err>. */
  warnings?: string[];
}

export interface JunitSuite {
  name: string;
  timeMs: number;
  cases: JunitCase[];
}

/** Escapes text for an XML attribute or element (and drops characters XML 1.0 forbids, e.g. ANSI escapes). */
export function xmlEscape(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these control characters
      .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
  );
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);
type Counts = Record<"tests" | "failures" | "errors" | "skipped", number>;

function count(cases: JunitCase[]): Counts {
  const c: Counts = { tests: cases.length, failures: 0, errors: 0, skipped: 0 };
  for (const k of cases) {
    if (k.outcome === "failure") c.failures++;
    else if (k.outcome === "error") c.errors++;
    else if (k.outcome === "skipped") c.skipped++;
  }
  return c;
}

const attrs = (c: Counts) => `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}"`;

function caseXml(k: JunitCase): string {
  const open = `    <testcase classname="${xmlEscape(k.classname)}" name="${xmlEscape(k.name)}" time="${seconds(k.timeMs)}"`;
  const body: string[] = [];
  const message = xmlEscape(k.message ?? "");
  const type = xmlEscape(k.type ?? "");
  if (k.outcome === "failure" || k.outcome === "error") {
    const tag = k.outcome;
    body.push(
      k.detail
        ? `<${tag} message="${message}" type="${type}">${xmlEscape(k.detail)}</${tag}>`
        : `<${tag} message="${message}" type="${type}"/>`,
    );
  } else if (k.outcome === "skipped") {
    body.push(`<skipped message="${message}"/>`);
  }
  if (k.warnings?.length) body.push(`<system-err>${xmlEscape(k.warnings.join("\n"))}</system-err>`);
  return body.length ? `${open}>\n${body.map((b) => `      ${b}`).join("\n")}\n    </testcase>` : `${open}/>`;
}

/** The JUnit XML document for the suites (a tool's name on <testsuites>). */
export function junitXml(name: string, suites: JunitSuite[]): string {
  const all = count(suites.flatMap((s) => s.cases));
  const time = seconds(suites.reduce((t, s) => t + s.timeMs, 0));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(name)}" ${attrs(all)} time="${time}">`,
    ...suites.map((s) =>
      [
        `  <testsuite name="${xmlEscape(s.name)}" ${attrs(count(s.cases))} time="${seconds(s.timeMs)}">`,
        ...s.cases.map(caseXml),
        "  </testsuite>",
      ].join("\n"),
    ),
    "</testsuites>",
    "",
  ].join("\n");
}
