-- 001: catalogues, submissions and the rows of each return.
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE units (
    unit_code VARCHAR PRIMARY KEY,
    unit_name VARCHAR NOT NULL,
    aliases VARCHAR[],
    valid_from DATE,
    valid_to DATE,
    parent_code VARCHAR,
    successor_code VARCHAR,
    current_unit_code VARCHAR NOT NULL,
    reports BOOLEAN NOT NULL
);

CREATE TABLE indicators (
    year INTEGER NOT NULL,
    indicator_code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    short_name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    target DOUBLE NOT NULL,
    direction VARCHAR NOT NULL,
    measure_unit VARCHAR,
    source VARCHAR NOT NULL,
    scope VARCHAR NOT NULL,
    aggregate VARCHAR NOT NULL,
    task_group INTEGER,
    description VARCHAR,
    PRIMARY KEY (year, indicator_code)
);

CREATE SEQUENCE submission_seq START 1;
CREATE TABLE submissions (
    submission_id INTEGER PRIMARY KEY DEFAULT nextval('submission_seq'),
    unit_code VARCHAR NOT NULL,
    period_code VARCHAR NOT NULL,
    period_kind VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    file_name VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL,
    file_size BIGINT,
    file_format VARCHAR,
    uploaded_by VARCHAR NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    status VARCHAR NOT NULL,            -- active | superseded | withdrawn
    reporter VARCHAR,                   -- the unit's reporting officer (not a citizen)
    report_date DATE,
    n_warnings INTEGER NOT NULL DEFAULT 0,
    dropped_columns VARCHAR[],
    status_changed_at TIMESTAMP,
    status_changed_by VARCHAR
);

-- The file as stored: personal-data columns already removed (contract §1.8).
CREATE TABLE submission_files (
    submission_id INTEGER PRIMARY KEY,
    stored_name VARCHAR NOT NULL,
    content BLOB NOT NULL,
    sanitized BOOLEAN NOT NULL
);

CREATE TABLE submission_findings (
    submission_id INTEGER NOT NULL,
    severity VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,
    location VARCHAR,
    value VARCHAR,
    message VARCHAR NOT NULL
);

CREATE TABLE petition_rows (
    submission_id INTEGER NOT NULL,
    excel_row INTEGER,
    petition_ref VARCHAR NOT NULL,
    ref_key VARCHAR NOT NULL,
    received_date DATE NOT NULL,
    kind VARCHAR NOT NULL,
    field VARCHAR,
    source VARCHAR,
    within_competence BOOLEAN NOT NULL,
    attempt INTEGER NOT NULL,
    complexity VARCHAR NOT NULL,
    remote_area BOOLEAN NOT NULL,
    accepted_date DATE,
    extension_days INTEGER,
    due_date_given DATE,
    due_date DATE,
    due_rule VARCHAR,
    due_basis VARCHAR,
    resolved_date DATE,
    status VARCHAR NOT NULL,
    result VARCHAR,
    summary VARCHAR,
    note VARCHAR
);

CREATE TABLE reception_rows (
    submission_id INTEGER NOT NULL,
    excel_row INTEGER,
    session_date DATE NOT NULL,
    form VARCHAR NOT NULL,
    host_role VARCHAR NOT NULL,
    on_schedule BOOLEAN NOT NULL,
    visits INTEGER NOT NULL,
    people INTEGER NOT NULL,
    cases INTEGER NOT NULL,
    delegations INTEGER NOT NULL,
    note VARCHAR
);

CREATE TABLE model_rows (
    submission_id INTEGER NOT NULL,
    excel_row INTEGER,
    model_name VARCHAR NOT NULL,
    model_key VARCHAR NOT NULL,
    model_type VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    registered_date DATE NOT NULL,
    start_date DATE,
    end_date DATE,
    status VARCHAR NOT NULL,
    recognition_level VARCHAR,
    decision_no VARCHAR,
    highlights VARCHAR
);

CREATE TABLE training_rows (
    submission_id INTEGER NOT NULL,
    excel_row INTEGER,
    course_name VARCHAR NOT NULL,
    course_key VARCHAR NOT NULL,
    course_date DATE NOT NULL,
    topic VARCHAR,
    assigned INTEGER NOT NULL,
    attended INTEGER NOT NULL
);

CREATE TABLE dissemination_rows (
    submission_id INTEGER NOT NULL,
    excel_row INTEGER,
    content VARCHAR NOT NULL,
    content_key VARCHAR NOT NULL,
    activity_date DATE NOT NULL,
    form VARCHAR,
    participants INTEGER
);

CREATE TABLE indicator_rows (
    submission_id INTEGER NOT NULL,
    excel_row INTEGER,
    indicator_code VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    direction VARCHAR NOT NULL,
    plan DOUBLE,
    actual DOUBLE NOT NULL,
    actual_label VARCHAR,
    denominator DOUBLE,
    note VARCHAR
);

-- Append-only record of who did what (issue: access and audit).
CREATE SEQUENCE audit_seq START 1;
CREATE TABLE audit_log (
    audit_id BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    logged_at TIMESTAMP NOT NULL,
    username VARCHAR,
    action VARCHAR NOT NULL,
    target VARCHAR,
    details VARCHAR,
    ok BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE INDEX submissions_unit_period ON submissions (unit_code, period_code);
CREATE INDEX submissions_sha ON submissions (file_sha256);
