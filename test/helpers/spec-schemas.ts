// Validates recorded homeserver exchanges against the official Client-Server API OpenAPI files,
// vendored in test/vendor/matrix-spec (relative $refs resolved with `yaml`, checked by ajv).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import type { Exchange } from "../homeserver/index.ts";

/** The vendored spec data (see its SOURCES.md for the commit and licence). */
export const SPEC_DIR = fileURLToPath(new URL("../vendor/matrix-spec/", import.meta.url));
const API_DIR = join(SPEC_DIR, "client-server-api");

type Node = Record<string, unknown>;

const documents = new Map<string, unknown>();

function loadDocument(file: string): unknown {
  let doc = documents.get(file);
  if (doc === undefined) {
    doc = parse(readFileSync(file, "utf8"));
    documents.set(file, doc);
  }
  return doc;
}

/** The spec's refs assume its repository layout (data/api/client-server next to data/event-schemas). */
function locate(baseFile: string, relative: string): string {
  const direct = resolve(dirname(baseFile), relative);
  if (existsSync(direct)) return direct;
  for (const [folder, local] of [["event-schemas", "event-schemas"], ["client-server", "client-server-api"]]) {
    const marker = `/${folder}/`;
    const at = direct.lastIndexOf(marker);
    if (at >= 0) return join(SPEC_DIR, local!, direct.slice(at + marker.length));
  }
  throw new Error(`cannot resolve $ref ${relative} from ${baseFile}`);
}

function pointer(doc: unknown, fragment: string): unknown {
  let node = doc;
  for (const part of fragment.split("/").filter(Boolean)) node = (node as Node)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  return node;
}

/** Inlines every $ref (relative file and/or JSON pointer); a ref already being expanded becomes `{}`. */
function inline(node: unknown, baseFile: string, active: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(item, baseFile, active));
  if (typeof node !== "object" || node === null) return node;
  const object = node as Node;
  if (typeof object.$ref === "string") {
    const [filePart, fragment = ""] = object.$ref.split("#");
    const file = filePart ? locate(baseFile, filePart) : baseFile;
    const key = `${file}#${fragment}`;
    if (active.has(key)) return {};
    const next = new Set(active).add(key);
    const target = inline(pointer(loadDocument(file), fragment), file, next) as Node;
    const { $ref: _ref, ...siblings } = object;
    return Object.keys(siblings).length > 0 ? { allOf: [target, inline(siblings, baseFile, active)] } : target;
  }
  const out: Node = {};
  for (const [key, value] of Object.entries(object)) {
    // Examples are documentation; $schema/$id would make ajv look up the 2020-12 meta-schema.
    if (key === "example" || key === "examples" || key === "$schema" || key === "$id") continue;
    out[key] = inline(value, baseFile, active);
  }
  return out;
}

interface Operation {
  file: string;
  template: string;
  node: Node;
}

const normalise = (template: string) => template.replace(/\{[^}]+\}/g, "{}").replace(/\/$/, "");

let operations: Map<string, Operation> | undefined;

function operationIndex(): Map<string, Operation> {
  if (operations) return operations;
  operations = new Map();
  for (const name of readdirSync(API_DIR).filter((f) => f.endsWith(".yaml"))) {
    const file = join(API_DIR, name);
    const doc = loadDocument(file) as { paths?: Record<string, Node>; servers?: { variables?: { basePath?: { default?: string } } }[] };
    const basePath = doc.servers?.[0]?.variables?.basePath?.default ?? "";
    for (const [template, methods] of Object.entries(doc.paths ?? {})) {
      for (const [method, node] of Object.entries(methods)) {
        operations.set(`${method.toUpperCase()} ${normalise(basePath + template)}`, { file, template, node: node as Node });
      }
    }
  }
  return operations;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
const looseFormats: Record<string, RegExp> = {
  "mx-user-id": /^@[^:]+:.+$/,
  "mx-room-id": /^![^:]+(:.+)?$/,
  "mx-event-id": /^\$.+$/,
  "mx-room-alias": /^#[^:]+:.+$/,
  "mx-server-name": /^[^/\s]+$/,
  "mx-mxc-uri": /^mxc:\/\/.+$/,
  "mx-unpadded-base64": /^[A-Za-z0-9+/]*$/,
  "mx-urlsafe-unpadded-base64": /^[A-Za-z0-9_-]*$/,
};
for (const [name, regex] of Object.entries(looseFormats)) ajv.addFormat(name, regex);
ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
ajv.addFormat("float", { type: "number", validate: () => true });

const compiled = new Map<string, ValidateFunction>();

function validator(key: string, schema: unknown, file: string): ValidateFunction {
  let fn = compiled.get(key);
  if (!fn) {
    fn = ajv.compile(inline(schema, file, new Set()) as Node);
    compiled.set(key, fn);
  }
  return fn;
}

const jsonSchemaOf = (node: unknown): unknown => ((node as Node | undefined)?.content as Node | undefined)?.["application/json"] && (((node as Node).content as Node)["application/json"] as Node).schema;

export interface ValidationReport {
  failures: string[];
  /** Spec path templates (without base path) that at least one exchange was checked against. */
  checkedRoutes: Set<string>;
}

export function validateExchanges(exchanges: Exchange[]): ValidationReport {
  const failures: string[] = [];
  const checkedRoutes = new Set<string>();
  const index = operationIndex();
  for (const exchange of exchanges) {
    const operation = index.get(`${exchange.method} ${normalise(exchange.route)}`);
    const label = `${exchange.method} ${exchange.path} → ${exchange.status}`;
    if (!operation) {
      failures.push(`${label}: no operation in the spec for route ${exchange.route}`);
      continue;
    }
    const check = (what: string, key: string, schema: unknown, file: string, value: unknown) => {
      const fn = validator(key, schema, file);
      if (!fn(value)) failures.push(`${label}: ${what} ${ajv.errorsText(fn.errors, { separator: "; " })} in ${JSON.stringify(value).slice(0, 400)}`);
    };
    const requestSchema = jsonSchemaOf(operation.node.requestBody);
    // A request the server refused may be malformed on purpose; accepted ones must match the spec.
    if (requestSchema && exchange.requestBody !== undefined && exchange.status < 400) check("request", `${operation.file}|${operation.template}|${exchange.method}|req`, requestSchema, operation.file, exchange.requestBody);
    const responses = (operation.node.responses ?? {}) as Node;
    const documented = jsonSchemaOf(responses[String(exchange.status)]);
    if (documented) {
      check("response", `${operation.file}|${operation.template}|${exchange.method}|${exchange.status}`, documented, operation.file, exchange.responseBody);
    } else if (exchange.status === 401 && (exchange.responseBody as Node).flows) {
      check("UIA response", "auth_response", loadDocument(join(API_DIR, "definitions/auth_response.yaml")), join(API_DIR, "definitions/auth_response.yaml"), exchange.responseBody);
    } else if (exchange.status >= 400) {
      check("error", "error", loadDocument(join(API_DIR, "definitions/errors/error.yaml")), join(API_DIR, "definitions/errors/error.yaml"), exchange.responseBody);
    } else if (responses[String(exchange.status)] === undefined) {
      failures.push(`${label}: status ${exchange.status} is not documented for ${operation.template}`);
    }
    checkedRoutes.add(operation.template);
  }
  return { failures, checkedRoutes };
}

const EVENT_DIR = join(SPEC_DIR, "event-schemas", "schema");

/**
 * Checks an event (as a client receives it) against its event schema, choosing the msgtype
 * variant for m.room.message. Returns undefined for types the spec has no schema for.
 */
export function validateEvent(event: { type: string; content: Record<string, unknown> }): string[] | undefined {
  const candidates = [`${event.type}$${String(event.content.msgtype ?? "")}.yaml`, `${event.type}.yaml`];
  const name = candidates.find((file) => existsSync(join(EVENT_DIR, file)));
  if (!name) return undefined;
  const file = join(EVENT_DIR, name);
  const fn = validator(`event|${name}`, loadDocument(file), file);
  const label = `${event.type}: `;
  const shown = JSON.stringify(event).slice(0, 300);
  return fn(event) ? [] : [`${label}${ajv.errorsText(fn.errors, { separator: "; " })} in ${shown}`];
}
