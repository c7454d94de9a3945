//! Stateless replicas: two server processes of the reference app, each with its own database,
//! share one throttle limit through Redis (issue 4). Runs when `REDIS_URL` is set.

mod http;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use http::Request;

struct Replica {
    child: Child,
    addr: std::net::SocketAddr,
    token: String,
}

impl Replica {
    fn spawn(redis: &str, prefix: &str) -> Replica {
        let mut child = Command::new(env!("CARGO_BIN_EXE_replica"))
            .args([redis, prefix])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the replica process starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("the replica says where it listens");
        let (addr, token) = line.trim().split_once(' ').expect("`<addr> <token>`");
        Replica {
            addr: addr.parse().unwrap(),
            token: token.to_string(),
            child,
        }
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        if self.child.wait().is_err() {
            let _ = self.child.kill();
        }
    }
}

#[tokio::test]
async fn two_processes_share_one_throttle_limit_through_redis() {
    let Ok(redis) = std::env::var("REDIS_URL") else {
        eprintln!("skipped: REDIS_URL is not set");
        return;
    };
    let prefix = format!(
        "restforge-replicas-{}-{}:",
        std::process::id(),
        rand_suffix()
    );
    let replicas = [
        Replica::spawn(&redis, &prefix),
        Replica::spawn(&redis, &prefix),
    ];
    assert_ne!(replicas[0].child.id(), replicas[1].child.id());
    // The limit is 3 a minute for the user, whichever replica answers.
    for i in 0..3 {
        let replica = &replicas[i % 2];
        let response = Request::new("GET", "/api/profiles/")
            .token(&replica.token)
            .send(replica.addr)
            .await;
        assert_eq!(response.status, 200, "request {i}: {}", response.text());
    }
    for replica in &replicas {
        let throttled = Request::new("GET", "/api/profiles/")
            .token(&replica.token)
            .send(replica.addr)
            .await;
        assert_eq!(throttled.status, 429);
        assert_eq!(throttled.header("Retry-After"), Some("60"));
        assert_eq!(
            throttled.text(),
            r#"{"detail":"Request was throttled. Expected available in 60 seconds."}"#
        );
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}
