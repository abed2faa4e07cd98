//! The storage primitives every feature builds on, on SQLite and on PostgreSQL: capacity-guarded
//! reservations, idempotency records, the durable job queue and the database rate limiter —
//! each under real concurrency.

mod common;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::TestDb;
use server::storage::{Idempotent, JobFailure, RateLimit, Reservation};

async fn reservations_never_exceed_capacity_under_a_race(db: TestDb) {
    let storage = db.storage().await;
    assert!(storage.set_capacity("slot-1", 5).await.unwrap());
    let attempts = (0..200).map(|i| {
        let storage = storage.clone();
        tokio::spawn(async move {
            storage
                .reserve("slot-1", &format!("couple-{i}"))
                .await
                .unwrap()
        })
    });
    let outcomes: Vec<Reservation> = futures::future::try_join_all(attempts).await.unwrap();
    let reserved = outcomes
        .iter()
        .filter(|o| **o == Reservation::Reserved)
        .count();
    let full = outcomes.iter().filter(|o| **o == Reservation::Full).count();
    assert_eq!((reserved, full), (5, 195));
    assert_eq!(storage.capacity_of("slot-1").await.unwrap(), Some((5, 5)));
    assert_eq!(storage.holders_of("slot-1").await.unwrap(), 5);
    storage.close().await;
    db.cleanup().await;
}

async fn one_holder_gets_one_unit_even_when_racing_itself(db: TestDb) {
    let storage = db.storage().await;
    storage.set_capacity("slot-2", 10).await.unwrap();
    let attempts = (0..20).map(|_| {
        let storage = storage.clone();
        tokio::spawn(async move { storage.reserve("slot-2", "same-couple").await.unwrap() })
    });
    let outcomes = futures::future::try_join_all(attempts).await.unwrap();
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| **o == Reservation::Reserved)
            .count(),
        1
    );
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| **o == Reservation::AlreadyHeld)
            .count(),
        19
    );
    assert_eq!(storage.capacity_of("slot-2").await.unwrap(), Some((1, 10)));
    // Releasing returns the unit; capacity cannot drop below what is reserved.
    assert!(storage.release("slot-2", "same-couple").await.unwrap());
    assert!(!storage.release("slot-2", "same-couple").await.unwrap());
    assert_eq!(storage.capacity_of("slot-2").await.unwrap(), Some((0, 10)));
    assert_eq!(
        storage.reserve("slot-2", "a").await.unwrap(),
        Reservation::Reserved
    );
    assert!(
        !storage.set_capacity("slot-2", 0).await.unwrap(),
        "below reserved is refused"
    );
    assert!(storage.set_capacity("slot-2", 1).await.unwrap());
    assert_eq!(
        storage.reserve("slot-2", "b").await.unwrap(),
        Reservation::Full
    );
    assert_eq!(
        storage.reserve("no-such-slot", "b").await.unwrap(),
        Reservation::UnknownResource
    );
    storage.close().await;
    db.cleanup().await;
}

async fn the_same_idempotency_key_sent_50_times_at_once_executes_once(db: TestDb) {
    let storage = db.storage().await;
    let executions = Arc::new(AtomicUsize::new(0));
    let calls = (0..50).map(|_| {
        let storage = storage.clone();
        let executions = executions.clone();
        tokio::spawn(async move {
            storage
                .idempotent("test", "key-0001-abcdefgh", "fingerprint-a", move |tx| {
                    Box::pin(async move {
                        executions.fetch_add(1, Ordering::SeqCst);
                        // A real effect in the same transaction as the key.
                        storage_effect(tx).await?;
                        Ok(b"response-1".to_vec())
                    })
                })
                .await
                .unwrap()
        })
    });
    let outcomes = futures::future::try_join_all(calls).await.unwrap();
    assert_eq!(executions.load(Ordering::SeqCst), 1, "the effect ran once");
    let fresh = outcomes
        .iter()
        .filter(|o| matches!(o, Idempotent::Fresh(_)))
        .count();
    assert_eq!(fresh, 1);
    for o in &outcomes {
        match o {
            Idempotent::Fresh(r) | Idempotent::Replayed(r) => assert_eq!(r, b"response-1"),
            Idempotent::Conflict => panic!("same fingerprint must not conflict"),
        }
    }
    assert_eq!(storage.holders_of("idempotency-effect").await.unwrap(), 1);
    // Another request under the same key is refused; a failed effect leaves the key unused.
    let conflict = storage
        .idempotent("test", "key-0001-abcdefgh", "fingerprint-b", |_| {
            Box::pin(async { Ok(vec![]) })
        })
        .await
        .unwrap();
    assert_eq!(conflict, Idempotent::Conflict);
    let failed = storage
        .idempotent("test", "key-0002-abcdefgh", "f", |_| {
            Box::pin(async {
                Err(server::storage::StorageError::Config(
                    "effect failed".into(),
                ))
            })
        })
        .await;
    assert!(failed.is_err());
    let retried = storage
        .idempotent("test", "key-0002-abcdefgh", "f", |_| {
            Box::pin(async { Ok(b"ok".to_vec()) })
        })
        .await
        .unwrap();
    assert_eq!(retried, Idempotent::Fresh(b"ok".to_vec()));
    storage.close().await;
    db.cleanup().await;
}

/// An effect that writes inside the idempotency transaction: one reservation row.
async fn storage_effect(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
) -> Result<(), server::storage::StorageError> {
    sqlx::query(
        "INSERT INTO capacity_resources (resource, capacity, reserved) VALUES ('idempotency-effect', 100, 0)
         ON CONFLICT (resource) DO NOTHING",
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO capacity_reservations (resource, holder, created_at) VALUES ('idempotency-effect', 'h', 0)",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn a_job_enqueued_once_is_run_once_by_four_competing_workers(db: TestDb) {
    let storage = db.storage().await;
    let single = storage
        .enqueue_job("reminders", "{\"booking\":1}", 0, 3)
        .await
        .unwrap();
    for i in 0..20 {
        storage
            .enqueue_job("outbox", &format!("{{\"n\":{i}}}"), 0, 3)
            .await
            .unwrap();
    }
    let runs = Arc::new(std::sync::Mutex::new(Vec::<(String, i64)>::new()));
    let workers = (0..4).map(|w| {
        let storage = storage.clone();
        let runs = runs.clone();
        tokio::spawn(async move {
            let worker = format!("worker-{w}");
            for queue in ["reminders", "outbox"] {
                while let Some(job) = storage
                    .claim_job(queue, &worker, Duration::from_secs(30))
                    .await
                    .unwrap()
                {
                    runs.lock().unwrap().push((queue.to_owned(), job.id));
                    assert!(storage.complete_job(job.id, &worker).await.unwrap());
                }
            }
        })
    });
    futures::future::try_join_all(workers).await.unwrap();
    let runs = runs.lock().unwrap().clone();
    let reminders: Vec<_> = runs.iter().filter(|(q, _)| q == "reminders").collect();
    assert_eq!(
        reminders,
        vec![&("reminders".to_owned(), single)],
        "run exactly once"
    );
    let outbox: BTreeSet<i64> = runs
        .iter()
        .filter(|(q, _)| q == "outbox")
        .map(|(_, id)| *id)
        .collect();
    assert_eq!(outbox.len(), 20);
    assert_eq!(runs.len(), 21, "no job ran twice");
    assert_eq!(storage.job_counts("outbox").await.unwrap().done, 20);
    storage.close().await;
    db.cleanup().await;
}

async fn failed_jobs_retry_with_backoff_then_dead_letter(db: TestDb) {
    let storage = db.storage().await;
    let id = storage.enqueue_job("sms", "{}", 0, 2).await.unwrap();
    let job = storage
        .claim_job("sms", "w", Duration::from_secs(30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((job.id, job.attempts), (id, 1));
    let failure = storage
        .fail_job(id, "w", "gateway timeout", Duration::from_millis(200))
        .await
        .unwrap();
    assert!(matches!(failure, JobFailure::Retry { .. }));
    // Not due yet during the backoff.
    assert!(storage
        .claim_job("sms", "w", Duration::from_secs(30))
        .await
        .unwrap()
        .is_none());
    tokio::time::sleep(Duration::from_millis(250)).await;
    let job = storage
        .claim_job("sms", "w2", Duration::from_secs(30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(job.attempts, 2);
    assert_eq!(
        storage
            .fail_job(id, "w", "x", Duration::ZERO)
            .await
            .unwrap(),
        JobFailure::NotHeld
    );
    assert_eq!(
        storage
            .fail_job(id, "w2", "gateway down", Duration::ZERO)
            .await
            .unwrap(),
        JobFailure::Dead
    );
    assert!(storage
        .claim_job("sms", "w", Duration::from_secs(30))
        .await
        .unwrap()
        .is_none());
    assert_eq!(storage.job_counts("sms").await.unwrap().dead, 1);

    // A worker that dies loses its lease; another worker picks the job up.
    storage.enqueue_job("sms", "{}", 0, 3).await.unwrap();
    let lost = storage
        .claim_job("sms", "dies", Duration::from_millis(50))
        .await
        .unwrap()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let again = storage
        .claim_job("sms", "survivor", Duration::from_secs(30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.id, lost.id);
    assert!(
        !storage.complete_job(lost.id, "dies").await.unwrap(),
        "the dead worker no longer holds it"
    );
    assert!(storage.complete_job(lost.id, "survivor").await.unwrap());
    storage.close().await;
    db.cleanup().await;
}

async fn rate_limits_hold_across_connections(db: TestDb) {
    let a = db.storage().await;
    let b = db.storage().await; // a second "instance"
    let limit = RateLimit {
        burst: 5,
        per: Duration::from_secs(3600),
    };
    let mut allowed = 0;
    for i in 0..10 {
        let storage = if i % 2 == 0 { &a } else { &b };
        if storage
            .rate_limit_take("login:13800138000", limit)
            .await
            .unwrap()
        {
            allowed += 1;
        }
    }
    assert_eq!(allowed, 5, "the burst is shared by both instances");
    assert!(
        a.rate_limit_take("login:other", limit).await.unwrap(),
        "buckets are independent"
    );
    // Concurrent takes never exceed the burst.
    let takes = (0..40).map(|_| {
        let a = a.clone();
        tokio::spawn(async move { a.rate_limit_take("race", limit).await.unwrap() })
    });
    let granted = futures::future::try_join_all(takes)
        .await
        .unwrap()
        .into_iter()
        .filter(|g| *g)
        .count();
    assert_eq!(granted, 5);
    // Refill: 2 per 200 ms.
    let fast = RateLimit {
        burst: 2,
        per: Duration::from_millis(200),
    };
    assert!(a.rate_limit_take("fast", fast).await.unwrap());
    assert!(a.rate_limit_take("fast", fast).await.unwrap());
    assert!(!a.rate_limit_take("fast", fast).await.unwrap());
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert!(a.rate_limit_take("fast", fast).await.unwrap());
    a.close().await;
    b.close().await;
    db.cleanup().await;
}

async fn migrations_are_idempotent(db: TestDb) {
    let storage = db.storage().await;
    storage.migrate().await.unwrap();
    storage.migrate().await.unwrap();
    storage.ping().await.unwrap();
    storage.close().await;
    db.cleanup().await;
}

async fn cancelling_while_rebooking_never_deadlocks(db: TestDb) {
    let storage = db.storage().await;
    storage.set_capacity("slot-3", 3).await.unwrap();
    for round in 0..20 {
        let holder = format!("couple-{}", round % 3);
        let (a, b) = (storage.clone(), storage.clone());
        let (h1, h2) = (holder.clone(), holder.clone());
        let release = tokio::spawn(async move { a.release("slot-3", &h1).await });
        let reserve = tokio::spawn(async move { b.reserve("slot-3", &h2).await });
        release.await.unwrap().expect("release never fails");
        reserve.await.unwrap().expect("reserve never fails");
    }
    let (reserved, capacity) = storage.capacity_of("slot-3").await.unwrap().unwrap();
    assert!(reserved <= capacity);
    assert_eq!(
        i64::from(reserved),
        storage.holders_of("slot-3").await.unwrap(),
        "counter matches rows"
    );
    storage.close().await;
    db.cleanup().await;
}

async fn the_maintenance_sweep_keeps_growing_tables_bounded(db: TestDb) {
    use server::documents::{store_upload, DocumentStore, LocalDirectoryStore};
    use server::maintenance::{sweep, Swept};
    use server::storage::now_ms;
    let storage = db.storage().await;
    let files = tempfile::tempdir().unwrap();
    let store = LocalDirectoryStore::new(files.path().join("documents")).unwrap();
    let day = 24 * 3600 * 1000;
    let now = now_ms();

    // One of each: an idempotency record, a rate-limit bucket, a draft (30 days), and two
    // uploads nobody claims (a claimed upload surviving is tested in tests/applications.rs).
    let key_effect = storage
        .idempotent("scope", "key-1", "fp", |_| {
            Box::pin(async { Ok(b"done".to_vec()) })
        })
        .await
        .unwrap();
    assert_eq!(key_effect, Idempotent::Fresh(b"done".to_vec()));
    let limit = RateLimit {
        burst: 1,
        per: Duration::from_secs(60),
    };
    assert!(storage.rate_limit_take("bucket-1", limit).await.unwrap());
    storage
        .save_application_draft("code-hash", "applicant", b"sealed", now, now + 30 * day)
        .await
        .unwrap();
    let jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0];
    let mut ids = Vec::new();
    for _ in 0..2 {
        let (id, kind) = store_upload(&store, jpeg.clone(), Some("a.jpg"))
            .await
            .unwrap();
        storage
            .record_upload(id.as_str(), kind.extension(), 11, now)
            .await
            .unwrap();
        ids.push(id);
    }

    // Now: nothing is old enough.
    assert_eq!(
        sweep(&storage, &store, now).await.unwrap(),
        Swept::default()
    );
    // Two days later: the key and the bucket go; the draft and the uploads stay.
    let later = sweep(&storage, &store, now + 2 * day).await.unwrap();
    assert_eq!(
        (
            later.idempotency_records,
            later.rate_limit_buckets,
            later.drafts,
            later.uploads
        ),
        (1, 1, 0, 0)
    );
    assert!(
        storage.rate_limit_take("bucket-1", limit).await.unwrap(),
        "a fresh bucket is full"
    );
    // A month later: the draft has expired and the unclaimed uploads are gone, files included.
    let month = sweep(&storage, &store, now + 31 * day).await.unwrap();
    assert_eq!((month.drafts, month.uploads), (1, 2));
    assert_eq!(storage.count_uploads().await.unwrap(), 0);
    for id in &ids {
        assert!(store.get(id).await.unwrap().is_none());
    }
    storage.close().await;
    db.cleanup().await;
}

on_both_databases!(
    the_maintenance_sweep_keeps_growing_tables_bounded,
    cancelling_while_rebooking_never_deadlocks,
    reservations_never_exceed_capacity_under_a_race,
    one_holder_gets_one_unit_even_when_racing_itself,
    the_same_idempotency_key_sent_50_times_at_once_executes_once,
    a_job_enqueued_once_is_run_once_by_four_competing_workers,
    failed_jobs_retry_with_backoff_then_dead_letter,
    rate_limits_hold_across_connections,
    migrations_are_idempotent,
);
