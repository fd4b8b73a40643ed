#!/usr/bin/env node
// Validates Kubernetes objects (the multi-document YAML `kubectl kustomize` prints) against the
// published schemas shipped by the npm packages kubernetes-models (built-in kinds, Kubernetes'
// OpenAPI) and @kubernetes-models/strimzi-kafka-operator (Strimzi's CRDs), strictly:
//
//   node validate.mjs [file ...]     (no file, or "-": standard input)
//
// Every problem is printed as one line, "ERROR <apiVersion> <Kind>/<name> <path>: <message>", and
// makes the exit status 1. A kind with no known schema is an error too, unless SKIPPED below lists
// it with a reason (printed as "SKIPPED ..."); nothing is skipped silently. Exit 2: unreadable input.
//
// The packages' validators (ajv, compiled ahead of time) check types, formats, enums and required
// fields, but let any unknown field through: Kubernetes' schemas set no additionalProperties. Here
// each object is handed to its validator behind a Proxy that records which fields the validator
// looks at. A compiled validator reads every property its schema lists (present or not) and walks
// every key of a map (labels, annotations, ConfigMap data, resource quantities: the schema's
// additionalProperties); so a field of an object whose schema lists properties that the validator
// never read is unknown to the schema, as `kubectl apply --validate=strict` would say. An object
// the validator reads nothing of (a free-form field such as Strimzi's spec.kafka.config,
// x-kubernetes-preserve-unknown-fields) is taken as it is, as the API server would.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

/** "apiVersion/Kind" with no published schema here -> why it is not checked. Empty: every kind is checked. */
const SKIPPED = {};

/** The package whose models cover an API group ("" is the core group). */
function packageFor(group) {
    return group.endsWith(".strimzi.io") ? "@kubernetes-models/strimzi-kafka-operator" : "kubernetes-models";
}

/** The kubernetes-models class for apiVersion/kind, or an Error saying why there is none. */
async function modelFor(apiVersion, kind) {
    const slash = apiVersion.indexOf("/");
    const group = slash < 0 ? "" : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    const pkg = packageFor(group);
    const specifier = `${pkg}/${group ? group + "/" : ""}${version}`;
    let mod;
    try {
        mod = await import(specifier);
    } catch (e) {
        return new Error(`no published schema known for ${apiVersion} ${kind} (${specifier}: ${e.code || e.message})`);
    }
    const model = mod[kind];
    if (typeof model !== "function" || model.apiVersion !== apiVersion || model.kind !== kind) {
        return new Error(`no published schema known for ${apiVersion} ${kind} (${specifier} has no model ${kind})`);
    }
    return model;
}

/** JSON Pointer ("/spec/containers/0/image") -> "spec.containers[0].image". */
function jsonPath(pointer) {
    if (!pointer) {
        return "(object)";
    }
    return pointer.split("/").slice(1)
        .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
        .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : /^[A-Za-z_][\w-]*$/.test(p) ? (i === 0 ? p : "." + p) : `[${JSON.stringify(p)}]`))
        .join("");
}

/**
 * Wraps data so that every object reached records the keys read from it and whether its keys
 * were enumerated. Returns the proxy and the trackers (one per object reached, with its pointer).
 */
function tracked(data) {
    const trackers = [];
    const proxies = new Map();
    function wrap(value, pointer) {
        if (value === null || typeof value !== "object") {
            return value;
        }
        if (proxies.has(value)) {
            return proxies.get(value);
        }
        const t = { value, pointer, read: new Set(), enumerated: false };
        if (!Array.isArray(value)) {
            trackers.push(t);
        }
        const proxy = new Proxy(value, {
            get(target, key, receiver) {
                const v = Reflect.get(target, key, receiver);
                if (typeof key !== "string") {
                    return v;
                }
                t.read.add(key);
                return Object.prototype.hasOwnProperty.call(target, key) ? wrap(v, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`) : v;
            },
            has(target, key) {
                if (typeof key === "string") {
                    t.read.add(key);
                }
                return Reflect.has(target, key);
            },
            ownKeys(target) {
                t.enumerated = true;
                return Reflect.ownKeys(target);
            },
        });
        proxies.set(value, proxy);
        return proxy;
    }
    return { proxy: wrap(data, ""), trackers };
}

/** The problems of one object: its schema's errors, then the fields its schema does not know. */
function problems(model, object) {
    const { proxy, trackers } = tracked(object);
    const out = [];
    try {
        model.prototype.validate.call(proxy);
    } catch (e) {
        if (!Array.isArray(e.errors)) {
            throw e;
        }
        for (const err of e.errors) {
            const path = err.keyword === "required" ? `${err.instancePath}/${err.params.missingProperty}` : err.instancePath;
            let message = err.message || err.keyword;
            if (err.keyword === "enum") {
                message += ` ${JSON.stringify(err.params.allowedValues)}`;
            }
            out.push({ path: jsonPath(path), message });
        }
    }
    for (const t of trackers) {
        if (t.enumerated || t.read.size === 0) {
            continue; // a map, or a free-form object: every key is allowed
        }
        for (const key of Object.keys(t.value)) {
            if (!t.read.has(key)) {
                out.push({ path: jsonPath(`${t.pointer}/${key}`), message: "unknown field (not in the schema)" });
            }
        }
    }
    return out;
}

function describe(o) {
    const meta = o && typeof o === "object" && o.metadata && typeof o.metadata === "object" ? o.metadata : {};
    return `${o?.apiVersion ?? "(no apiVersion)"} ${o?.kind ?? "(no kind)"}/${meta.name ?? "(no name)"}`;
}

async function main(args) {
    const inputs = args.length === 0 ? ["-"] : args;
    let errors = 0;
    let checked = 0;
    let skipped = 0;
    for (const input of inputs) {
        let text;
        try {
            text = readFileSync(input === "-" ? 0 : input, "utf8");
        } catch (e) {
            console.error(`cannot read ${input}: ${e.message}`);
            return 2;
        }
        const docs = parseAllDocuments(text);
        for (const [i, doc] of docs.entries()) {
            if (doc.errors.length > 0) {
                for (const e of doc.errors) {
                    console.log(`ERROR ${input} document ${i + 1}: YAML: ${e.message}`);
                }
                errors += doc.errors.length;
                continue;
            }
            const o = doc.toJS();
            if (o === null || o === undefined) {
                continue; // an empty document ("---" at the end)
            }
            const id = describe(o);
            if (typeof o !== "object" || Array.isArray(o) || typeof o.apiVersion !== "string" || typeof o.kind !== "string") {
                console.log(`ERROR ${id}: not a Kubernetes object (apiVersion and kind must be strings)`);
                errors++;
                continue;
            }
            const reason = SKIPPED[`${o.apiVersion}/${o.kind}`];
            if (reason) {
                console.log(`SKIPPED ${id}: ${reason}`);
                skipped++;
                continue;
            }
            const model = await modelFor(o.apiVersion, o.kind);
            if (model instanceof Error) {
                console.log(`ERROR ${id}: ${model.message}`);
                errors++;
                continue;
            }
            checked++;
            for (const p of problems(model, o)) {
                console.log(`ERROR ${id} ${p.path}: ${p.message}`);
                errors++;
            }
        }
    }
    console.log(`checked ${checked} object(s), skipped ${skipped}, ${errors} error(s)`);
    return errors > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
