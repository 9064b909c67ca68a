//! A small JSON Schema checker for the subset the OpenAPI document uses (`$ref`, `type`,
//! `enum`, `const`, `properties`, `required`, `additionalProperties`, `items`, `oneOf`, `anyOf`,
//! `allOf`, `minimum`, `maximum`), so tests can hold real answers against the document without
//! an outside validator. Formats are not checked (neither does a JSON Schema validator by
//! default).

use serde_json::Value;

/// The schema `#/components/schemas/<name>` points at.
pub fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let name = reference.strip_prefix("#/components/schemas/")?;
    doc["components"]["schemas"].get(name)
}

/// The operation at `path` (a template, as written in the document) and `method` (lower case).
pub fn operation<'a>(doc: &'a Value, method: &str, path: &str) -> &'a Value {
    let op = &doc["paths"][path][method];
    assert!(op.is_object(), "{method} {path} is not in the document");
    op
}

/// The documented JSON schema of the answer `status` of an operation.
pub fn response_schema<'a>(doc: &'a Value, method: &str, path: &str, status: u16) -> &'a Value {
    let op = operation(doc, method, path);
    let answer = &op["responses"][status.to_string()];
    assert!(
        answer.is_object(),
        "{method} {path} does not document {status}"
    );
    ["application/json", "application/problem+json"]
        .iter()
        .map(|t| &answer["content"][*t]["schema"])
        .find(|s| s.is_object())
        .unwrap_or_else(|| panic!("{method} {path} {status} has no JSON schema"))
}

/// The documented JSON request body schema of an operation, resolved.
pub fn request_schema<'a>(doc: &'a Value, method: &str, path: &str) -> &'a Value {
    let op = operation(doc, method, path);
    let schema = &op["requestBody"]["content"]["application/json"]["schema"];
    assert!(schema.is_object(), "{method} {path} documents no JSON body");
    deref(doc, schema)
}

/// Follows `$ref`s to the schema itself.
pub fn deref<'a>(doc: &'a Value, mut schema: &'a Value) -> &'a Value {
    while let Some(r) = schema["$ref"].as_str() {
        schema = resolve(doc, r).unwrap_or_else(|| panic!("{r} does not resolve"));
    }
    schema
}

/// Where `value` breaks `schema` (empty when it conforms).
pub fn violations(doc: &Value, schema: &Value, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check(doc, schema, value, "$", &mut out);
    out
}

fn type_matches(ty: &str, v: &Value) -> bool {
    match ty {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        _ => false,
    }
}

fn check(doc: &Value, schema: &Value, v: &Value, at: &str, out: &mut Vec<String>) {
    if schema == &Value::Bool(true) {
        return;
    }
    if schema == &Value::Bool(false) {
        out.push(format!("{at}: nothing is allowed here"));
        return;
    }
    if let Some(r) = schema["$ref"].as_str() {
        match resolve(doc, r) {
            Some(s) => check(doc, s, v, at, out),
            None => out.push(format!("{at}: {r} does not resolve")),
        }
    }
    if let Some(all) = schema["allOf"].as_array() {
        for s in all {
            check(doc, s, v, at, out);
        }
    }
    if let Some(any) = schema["anyOf"].as_array()
        && !any.iter().any(|s| violations(doc, s, v).is_empty())
    {
        out.push(format!("{at}: matches none of anyOf: {v}"));
    }
    if let Some(one) = schema["oneOf"].as_array() {
        let n = one
            .iter()
            .filter(|s| violations(doc, s, v).is_empty())
            .count();
        if n != 1 {
            out.push(format!(
                "{at}: matches {n} of oneOf (exactly one required): {v}"
            ));
        }
    }
    match &schema["type"] {
        Value::String(t) if !type_matches(t, v) => {
            out.push(format!("{at}: not of type {t}: {v}"));
            return;
        }
        Value::Array(ts)
            if !ts
                .iter()
                .any(|t| t.as_str().is_some_and(|t| type_matches(t, v))) =>
        {
            out.push(format!("{at}: not of the types {ts:?}: {v}"));
            return;
        }
        _ => {}
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(v)
    {
        out.push(format!("{at}: {v} is not one of {allowed:?}"));
    }
    if let Some(c) = schema.get("const")
        && c != v
    {
        out.push(format!("{at}: {v} is not {c}"));
    }
    if let (Some(min), Some(n)) = (schema["minimum"].as_f64(), v.as_f64())
        && n < min
    {
        out.push(format!("{at}: {n} is below the minimum {min}"));
    }
    if let (Some(max), Some(n)) = (schema["maximum"].as_f64(), v.as_f64())
        && n > max
    {
        out.push(format!("{at}: {n} is above the maximum {max}"));
    }
    if let Some(obj) = v.as_object() {
        if let Some(required) = schema["required"].as_array() {
            for r in required.iter().filter_map(Value::as_str) {
                if !obj.contains_key(r) {
                    out.push(format!("{at}: the required property `{r}` is missing"));
                }
            }
        }
        let props = schema["properties"].as_object();
        for (k, item) in obj {
            let at = format!("{at}.{k}");
            match props.and_then(|p| p.get(k)) {
                Some(s) => check(doc, s, item, &at, out),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        out.push(format!("{at}: not a documented property"))
                    }
                    Some(s @ Value::Object(_)) => check(doc, s, item, &at, out),
                    _ => {}
                },
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, item) in arr.iter().enumerate() {
            check(doc, items, item, &format!("{at}[{i}]"), out);
        }
    }
}

#[test]
fn the_checker_finds_what_it_should() {
    let doc = serde_json::json!({"components": {"schemas": {
        "S": {"type": "string", "enum": ["a", "b"]},
        "O": {"type": "object", "required": ["s"], "properties": {
            "s": {"$ref": "#/components/schemas/S"},
            "n": {"oneOf": [{"type": "null"}, {"type": "integer", "minimum": 0}]},
            "l": {"type": "array", "items": {"type": "string"}}
        }}
    }}});
    let o = serde_json::json!({"$ref": "#/components/schemas/O"});
    assert!(
        violations(
            &doc,
            &o,
            &serde_json::json!({"s": "a", "n": null, "l": ["x"]})
        )
        .is_empty()
    );
    assert!(violations(&doc, &o, &serde_json::json!({"s": "a", "n": 3})).is_empty());
    assert_eq!(
        violations(&doc, &o, &serde_json::json!({"s": "c"})).len(),
        1
    );
    assert_eq!(violations(&doc, &o, &serde_json::json!({"n": -1})).len(), 2);
    assert_eq!(
        violations(&doc, &o, &serde_json::json!({"s": "a", "l": [1]})).len(),
        1
    );
    assert_eq!(violations(&doc, &o, &serde_json::json!([])).len(), 1);
}
