//! The worker's side of the messages: listen, queue, fetch the dataset a request needs, answer.

use chiso_core::model::Dataset;
use chiso_data::worker::{Problem, Request, Response, Session, PROTOCOL_VERSION};
use js_sys::{Array, Object, Reflect, Uint8Array};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    static SESSION: RefCell<Session> = RefCell::new(Session::new());
    static QUEUE: RefCell<VecDeque<(Request, Option<Vec<u8>>)>> = const { RefCell::new(VecDeque::new()) };
    static BUSY: Cell<bool> = const { Cell::new(false) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts a message, its bytes moved (transferred) rather than copied.
fn post(response: &Response, bytes: Option<Vec<u8>>) {
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"msg".into(), &response.to_json().into());
    let sent = match bytes {
        Some(bytes) => {
            let buffer = Uint8Array::from(bytes.as_slice()).buffer();
            let _ = Reflect::set(&msg, &"bytes".into(), &buffer);
            scope().post_message_with_transfer(&msg, &Array::of1(&buffer))
        }
        None => scope().post_message(&msg),
    };
    if let Err(e) = sent {
        web_sys::console::error_2(&"chiso-worker: cannot post".into(), &e);
    }
}

/// Starts listening and says so.
pub fn start() {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| {
        let data = ev.data();
        let msg = Reflect::get(&data, &"msg".into()).ok().and_then(|m| m.as_string()).unwrap_or_default();
        let bytes = Reflect::get(&data, &"bytes".into())
            .ok()
            .filter(|b| b.is_instance_of::<js_sys::ArrayBuffer>())
            .map(|b| Uint8Array::new(&b).to_vec());
        match Request::from_json(&msg) {
            Ok(request) => {
                QUEUE.with(|q| q.borrow_mut().push_back((request, bytes)));
                if !BUSY.replace(true) {
                    spawn_local(run_queue());
                }
            }
            Err(detail) => post(&Response::Failed { id: 0, problem: Problem::BadMessage { detail } }, None),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&Response::Ready { version: PROTOCOL_VERSION }, None);
}

/// Answers the queued requests in order.
async fn run_queue() {
    while let Some((request, bytes)) = QUEUE.with(|q| q.borrow_mut().pop_front()) {
        let needed = SESSION.with(|s| s.borrow().dataset_needed(&request).map(str::to_string));
        if let Some(url) = needed {
            match fetch_dataset(&url).await {
                Ok(ds) => SESSION.with(|s| s.borrow_mut().set_dataset(&url, ds)),
                Err(detail) => {
                    post(&Response::Failed { id: request.id(), problem: Problem::Dataset { url, detail } }, None);
                    continue;
                }
            }
        }
        let reply = SESSION.with(|s| s.borrow_mut().handle(request, bytes, &mut |p| post(&p, None)));
        post(&reply.response, reply.bytes);
    }
    BUSY.set(false);
}

/// The dataset at `url`, or what went wrong in words.
async fn fetch_dataset(url: &str) -> Result<Dataset, String> {
    let described = |e: JsValue| {
        Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_else(|| format!("{e:?}"))
    };
    let resp: web_sys::Response =
        JsFuture::from(scope().fetch_with_str(url)).await.map_err(described)?.unchecked_into();
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    let text = JsFuture::from(resp.text().map_err(described)?).await.map_err(described)?;
    Dataset::from_json(&text.as_string().unwrap_or_default()).map_err(|e| e.to_string())
}
