//! The explorer: a page in plain HTML, CSS and JavaScript (no framework, no build step, no
//! request to any other site), built into the binary and served at `/` by the HTTP server.
//! It talks to the server only through the JSON API (`/query`, `/schema`, `/export`), so it
//! knows nothing that a client of the API does not.
//!
//! The assets hold no data of the graph, so they are served without the token (a browser
//! cannot put a header on the request for a page it is sent to): the page takes the token from
//! its URL's fragment (`/#token=...`, never sent to the server, so never in a log) or from its
//! token field, and sends it as `Authorization: Bearer` with every API request. The Host and
//! Origin checks apply to the assets as to every route.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// One file of the explorer.
struct Asset {
    path: &'static str,
    content_type: &'static str,
    body: &'static str,
}

const ASSETS: &[Asset] = &[
    Asset {
        path: "/",
        content_type: "text/html; charset=utf-8",
        body: include_str!("index.html"),
    },
    Asset {
        path: "/explorer/app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("app.js"),
    },
    Asset {
        path: "/explorer/api.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("api.js"),
    },
    Asset {
        path: "/explorer/editor.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("editor.js"),
    },
    Asset {
        path: "/explorer/graph.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("graph.js"),
    },
    Asset {
        path: "/explorer/style.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("style.css"),
    },
    Asset {
        path: "/explorer/icon.svg",
        content_type: "image/svg+xml",
        body: include_str!("icon.svg"),
    },
];

/// Nothing from another site: scripts, styles and images from this server only (images also
/// as `data:` and `blob:` URLs, for the exports), requests to this server only, no frames,
/// no forms, no plugins.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
     connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

/// Whether a path is one of the explorer's files (served to a GET without the token).
pub fn is_asset(path: &str) -> bool {
    ASSETS.iter().any(|a| a.path == path)
}

/// The entity tag of an asset: a hash of its bytes and of the program's version, so that a
/// browser asks again after an upgrade and otherwise gets 304.
fn etag(asset: &Asset) -> String {
    // FNV-1a: stable across builds and processes (std's hasher is not).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in env!("CARGO_PKG_VERSION")
        .bytes()
        .chain([0])
        .chain(asset.body.bytes())
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("\"{hash:016x}\"")
}

/// The answer to `GET path` for an explorer file, or `None` when the path is not one.
pub fn serve(path: &str, request_headers: &HeaderMap) -> Option<Response> {
    let asset = ASSETS.iter().find(|a| a.path == path)?;
    let tag = etag(asset);
    let fresh = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, asset.content_type)], asset.body).into_response()
    };
    let headers = response.headers_mut();
    // Each use asks whether the file changed (cheap: 304 without a body), so a new build's
    // page is never mixed with an old script.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(value) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    Some(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_is_served_with_its_type_and_policy() {
        let none = HeaderMap::new();
        for asset in ASSETS {
            let response = serve(asset.path, &none).expect("served");
            assert_eq!(response.status(), StatusCode::OK);
            let h = response.headers();
            assert_eq!(h[header::CONTENT_TYPE], asset.content_type);
            assert!(h[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .starts_with("default-src 'none'"));
            let mut again = HeaderMap::new();
            again.insert(header::IF_NONE_MATCH, h[header::ETAG].clone());
            let cached = serve(asset.path, &again).expect("served");
            assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);
        }
        assert!(serve("/explorer/missing.js", &none).is_none());
        assert!(!is_asset("/query"));
    }

    #[test]
    fn the_page_loads_nothing_from_elsewhere() {
        for asset in ASSETS {
            // The SVG namespace is a name, not an address anything is loaded from.
            let body = asset.body.replace("\"http://www.w3.org/2000/svg\"", "");
            for needle in [
                "http://", "https://", "//cdn", "@import", "url(http", "url(//", "eval(",
            ] {
                assert!(!body.contains(needle), "{} contains {needle}", asset.path);
            }
        }
    }
}
