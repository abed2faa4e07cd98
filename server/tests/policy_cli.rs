//! `server policy check`, `server policy import` and `server screen`.

use server::policy;

#[test]
fn the_embedded_policy_data_checks_out() {
    let book = policy::check(&[]).expect("embedded data is valid");
    assert!(book.entries.iter().any(|e| e.region == "441721"));
}

#[test]
fn a_csv_of_standards_becomes_a_checked_parameter_file() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("standards.csv");
    std::fs::write(
        &csv,
        "region,key,amount,per,from,to\n340302,dibao.standard.urban,850,person_month,2024-01-01,\n340302,dibao.standard.rural,8000,person_year,2024-01-01,2025-01-01\n",
    )
    .unwrap();
    let out = dir.path().join("340302.toml");
    policy::import_csv(
        &csv,
        &out,
        "蚌埠市城乡低保标准",
        "蚌民〔2024〕1号",
        "2024-01-01",
        "test",
    )
    .unwrap();
    let book = policy::check(std::slice::from_ref(&out)).unwrap();
    assert!(book
        .entries
        .iter()
        .any(|e| e.region == "340302" && e.key == "dibao.standard.rural"));

    // A typo in a key or an amount is refused and nothing is written.
    std::fs::write(
        &csv,
        "region,key,amount,per,from,to\n340302,dibao.standrd.urban,850,person_month,2024-01-01,\n",
    )
    .unwrap();
    let bad_out = dir.path().join("bad.toml");
    assert!(policy::import_csv(&csv, &bad_out, "t", "", "2024", "s").is_err());
    assert!(!bad_out.exists());
}

#[test]
fn a_register_is_screened_line_by_line_and_bad_lines_do_not_stop_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("register.jsonl");
    let good = r#"{"id":"H-001","region":"441721","area":"urban","date":"2023-06-01","household":{"members":[{"relation":"applicant","birth_date":"1975-03-01","work_status":"unemployed","income":[{"kind":"wage","amount":"1200","period":"monthly"}]},{"relation":"spouse","birth_date":"1977-08-08","work_status":"unable_to_work"},{"relation":"child","birth_date":"2012-09-01","work_status":"student","school_stage":"compulsory"}]}}"#;
    let invalid = r#"{"id":"H-002","region":"441721","area":"urban","date":"2023-06-01","household":{"members":[{"relation":"spouse","birth_date":"1975-02-30","work_status":"x"}]}}"#;
    std::fs::write(&input, format!("{good}\n{invalid}\nnot json\n")).unwrap();
    let output = dir.path().join("out.jsonl");
    let today = domain::Date::from_ymd(2023, 6, 1).unwrap();
    let (done, rejected) = policy::screen(&input, &output, today).unwrap();
    assert_eq!((done, rejected), (3, 2));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&output)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["id"], "H-001");
    let dibao = lines[0]["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["program"] == "dibao")
        .unwrap();
    assert_eq!(dibao["outcome"]["outcome"], "eligible");
    assert_eq!(
        dibao["outcome"]["amount"]["monthly"], 137_400,
        "1374.00 yuan in fen"
    );
    assert_eq!(lines[1]["id"], "H-002");
    assert!(lines[1]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e.as_str().unwrap().starts_with("members[0].relation")));
    assert_eq!(lines[2]["id"], "line 3");
}
