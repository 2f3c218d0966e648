//! Bolt (placeholder while the protocol is written).

use super::Shared;
use std::sync::Arc;

pub async fn serve(
    listener: tokio::net::TcpListener,
    _shared: Arc<Shared>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            accepted = listener.accept() => { drop(accepted); }
        }
    }
}
