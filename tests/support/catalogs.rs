//! The fakes' own catalogs side by side, as a shop with three providers syncs them: IAK, Flowix
//! and GoTopUp each selling Telkomsel 10,000, IAK and GoTopUp a PLN token, and Mobile Legends
//! diamonds spelled "Mobile Legend" (IAK) and "Mobile Legends" (Flowix, GoTopUp). Shared by the
//! routing tests (grouping) and the dialogue tests (one brand button across spellings).

#![allow(dead_code)]

use std::sync::Arc;

use serde_json::{Value, json};
use topup_bot::providers::Provider;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::adapters::{flowix, gotopup, iak};
use crate::fake_iak::{FakeIak, mobile_legends_110, pln_token_20000, pricelist_item};

pub const IAK_CODE: &str = "htelkomsel10000";
pub const FLOWIX_CODE: &str = "TSEL10";

/// The three fakes, up as long as this lives.
pub struct Catalogs {
    pub iak: FakeIak,
    pub flowix: MockServer,
    pub gotopup: MockServer,
}

/// Flowix's `GET /api/v1/services?type=...` answering `prabayar` and `pascabayar` products.
pub async fn flowix_services(server: &MockServer, prabayar: Value, pascabayar: Value) {
    for (kind, list) in [("prabayar", prabayar), ("pascabayar", pascabayar)] {
        Mock::given(method("GET"))
            .and(path("/api/v1/services"))
            .and(query_param("type", kind))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"success": true, "code": 200, "message": "ok", "data": list}),
            ))
            .mount(server)
            .await;
    }
}

impl Catalogs {
    pub async fn start() -> Catalogs {
        let iak = FakeIak::start(vec![
            pricelist_item(IAK_CODE, "Telkomsel", "10000", 10_450, "pulsa"),
            pln_token_20000(),
            pricelist_item(
                "hmobilelegend86",
                "Mobile Legend",
                "86 Diamonds",
                19_500,
                "game",
            ),
            mobile_legends_110(),
        ])
        .await;
        let flowix = MockServer::start().await;
        flowix_services(
            &flowix,
            json!([
                {"code": FLOWIX_CODE, "name": "Telkomsel 10k", "category": "Pulsa", "brand": "Telkomsel", "type": "pulsa", "price": 10500, "status": "available"},
                {"code": "TSELD10", "name": "Telkomsel Data 10GB", "category": "Data", "brand": "Telkomsel", "type": "data", "price": 60000, "status": "available"},
                {"code": "ML86", "name": "Mobile Legends 86 Diamond", "category": "Games", "brand": "Mobile Legends", "type": "game", "price": 19000, "status": "available"},
            ]),
            json!([]),
        )
        .await;
        let gotopup = crate::fake_gotopup::fake_gotopup().await;
        Catalogs {
            iak,
            flowix,
            gotopup,
        }
    }

    /// The adapters of the three, IAK first.
    pub fn providers(&self) -> Vec<Arc<dyn Provider>> {
        vec![
            iak(&self.iak.server),
            flowix(&self.flowix),
            gotopup(&self.gotopup),
        ]
    }
}
