
SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

CREATE TABLE public.api_token (
    id integer NOT NULL,
    user_id integer NOT NULL,
    issued_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    revoked_at bigint
);

CREATE SEQUENCE public.api_token_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.api_token_id_seq OWNED BY public.api_token.id;

CREATE TABLE public.counter (
    id integer NOT NULL,
    name character varying(100) NOT NULL,
    active boolean NOT NULL,
    paused boolean NOT NULL,
    officer_id integer
);

CREATE SEQUENCE public.counter_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.counter_id_seq OWNED BY public.counter.id;

CREATE TABLE public.counter_service (
    counter_id integer NOT NULL,
    service_id integer NOT NULL
);

CREATE TABLE public.display (
    id integer NOT NULL,
    name character varying(40) NOT NULL,
    counter_ids text NOT NULL,
    service_ids text NOT NULL,
    languages character varying(40) NOT NULL,
    active boolean NOT NULL
);

CREATE SEQUENCE public.display_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.display_id_seq OWNED BY public.display.id;

CREATE TABLE public.event (
    id integer NOT NULL,
    at bigint NOT NULL,
    kind character varying(40) NOT NULL,
    ticket_id integer,
    service_id integer,
    counter_id integer,
    actor_id integer,
    details text NOT NULL,
    out_of_order boolean NOT NULL
);

CREATE SEQUENCE public.event_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.event_id_seq OWNED BY public.event.id;

CREATE TABLE public.figure_cell (
    id integer NOT NULL,
    span character varying(1) NOT NULL,
    day date NOT NULL,
    weekday integer NOT NULL,
    hour integer NOT NULL,
    service_id integer NOT NULL,
    counter_id integer NOT NULL,
    officer_id integer NOT NULL,
    issued integer NOT NULL,
    served integer NOT NULL,
    no_show integer NOT NULL,
    cancelled integer NOT NULL,
    on_target integer NOT NULL,
    transferred integer NOT NULL,
    recalls integer NOT NULL,
    wait_n integer NOT NULL,
    wait_ms bigint NOT NULL,
    wait_max bigint NOT NULL,
    walk_n integer NOT NULL,
    walk_ms bigint NOT NULL,
    walk_max bigint NOT NULL,
    service_n integer NOT NULL,
    service_ms bigint NOT NULL,
    service_max bigint NOT NULL,
    estimate_n integer NOT NULL,
    estimate_error_ms bigint NOT NULL,
    estimate_within integer NOT NULL
);

CREATE SEQUENCE public.figure_cell_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.figure_cell_id_seq OWNED BY public.figure_cell.id;

CREATE TABLE public.figure_duration (
    id integer NOT NULL,
    span character varying(1) NOT NULL,
    start date NOT NULL,
    dimension character varying(10) NOT NULL,
    key integer NOT NULL,
    measure character varying(10) NOT NULL,
    bin bigint NOT NULL,
    n integer NOT NULL
);

CREATE SEQUENCE public.figure_duration_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.figure_duration_id_seq OWNED BY public.figure_duration.id;

CREATE TABLE public.kiosk (
    id integer NOT NULL,
    name character varying(40) NOT NULL,
    offers_priority boolean NOT NULL,
    created_at bigint NOT NULL,
    created_by_id integer,
    enrol_code_hash character varying(64),
    enrol_expires_at bigint,
    key_hash character varying(64),
    enrolled_at bigint,
    revoked_at bigint,
    printer character varying(200),
    paper_width_mm integer
);

CREATE SEQUENCE public.kiosk_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.kiosk_id_seq OWNED BY public.kiosk.id;

CREATE TABLE public.login_attempt (
    id integer NOT NULL,
    at bigint NOT NULL,
    username character varying(80) NOT NULL,
    client character varying(64) NOT NULL,
    succeeded boolean
);

CREATE SEQUENCE public.login_attempt_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.login_attempt_id_seq OWNED BY public.login_attempt.id;

CREATE TABLE public.migratehistory (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    migrated_at timestamp without time zone NOT NULL
);

CREATE SEQUENCE public.migratehistory_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.migratehistory_id_seq OWNED BY public.migratehistory.id;

CREATE TABLE public.officer_day (
    id integer NOT NULL,
    day date NOT NULL,
    officer_id integer NOT NULL,
    counter_id integer NOT NULL,
    signed_in_ms bigint NOT NULL,
    paused_ms bigint NOT NULL,
    busy_ms bigint NOT NULL,
    idle_ms bigint NOT NULL
);

CREATE TABLE public.officer_day_done (
    day date NOT NULL
);

CREATE SEQUENCE public.officer_day_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.officer_day_id_seq OWNED BY public.officer_day.id;

CREATE TABLE public.print_job (
    id integer NOT NULL,
    ticket_id integer NOT NULL,
    printer character varying(80) NOT NULL,
    status character varying(10) NOT NULL,
    attempts integer NOT NULL,
    created_at bigint NOT NULL,
    next_attempt_at bigint NOT NULL,
    printed_at bigint,
    last_error character varying(300)
);

CREATE SEQUENCE public.print_job_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.print_job_id_seq OWNED BY public.print_job.id;

CREATE TABLE public.service (
    id integer NOT NULL,
    prefix character varying(4) NOT NULL,
    name_en character varying(300) NOT NULL,
    name_km character varying(500) NOT NULL,
    group_en character varying(200) NOT NULL,
    group_km character varying(300) NOT NULL,
    fee_riel integer,
    processing_days integer,
    target_wait_min integer NOT NULL,
    "position" integer NOT NULL,
    active boolean NOT NULL,
    documents_en text,
    documents_km text,
    source_url character varying(1000)
);

CREATE SEQUENCE public.service_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.service_id_seq OWNED BY public.service.id;

CREATE TABLE public.setting (
    key character varying(40) NOT NULL,
    value text NOT NULL
);

CREATE TABLE public.ticket (
    id integer NOT NULL,
    service_id integer NOT NULL,
    number character varying(12) NOT NULL,
    day date NOT NULL,
    status character varying(10) NOT NULL,
    priority boolean NOT NULL,
    issued_at bigint NOT NULL,
    called_at bigint,
    first_called_at bigint,
    started_at bigint,
    finished_at bigint,
    counter_id integer,
    officer_id integer,
    estimated_wait_s integer,
    fee_riel integer,
    token character varying(64) NOT NULL,
    idempotency_key character varying(200),
    issued_by_id integer,
    kiosk_id integer,
    client character varying(64),
    idempotency_scope character varying(80)
);

CREATE SEQUENCE public.ticket_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.ticket_id_seq OWNED BY public.ticket.id;

CREATE TABLE public.ticket_sequence (
    prefix character varying(4) NOT NULL,
    day date NOT NULL,
    last integer NOT NULL
);

CREATE TABLE public."user" (
    id integer NOT NULL,
    username character varying(80) NOT NULL,
    password_hash character varying(255) NOT NULL,
    role character varying(20) NOT NULL,
    active boolean NOT NULL,
    session_epoch integer NOT NULL
);

CREATE SEQUENCE public.user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.user_id_seq OWNED BY public."user".id;

ALTER TABLE ONLY public.api_token ALTER COLUMN id SET DEFAULT nextval('public.api_token_id_seq'::regclass);

ALTER TABLE ONLY public.counter ALTER COLUMN id SET DEFAULT nextval('public.counter_id_seq'::regclass);

ALTER TABLE ONLY public.display ALTER COLUMN id SET DEFAULT nextval('public.display_id_seq'::regclass);

ALTER TABLE ONLY public.event ALTER COLUMN id SET DEFAULT nextval('public.event_id_seq'::regclass);

ALTER TABLE ONLY public.figure_cell ALTER COLUMN id SET DEFAULT nextval('public.figure_cell_id_seq'::regclass);

ALTER TABLE ONLY public.figure_duration ALTER COLUMN id SET DEFAULT nextval('public.figure_duration_id_seq'::regclass);

ALTER TABLE ONLY public.kiosk ALTER COLUMN id SET DEFAULT nextval('public.kiosk_id_seq'::regclass);

ALTER TABLE ONLY public.login_attempt ALTER COLUMN id SET DEFAULT nextval('public.login_attempt_id_seq'::regclass);

ALTER TABLE ONLY public.migratehistory ALTER COLUMN id SET DEFAULT nextval('public.migratehistory_id_seq'::regclass);

ALTER TABLE ONLY public.officer_day ALTER COLUMN id SET DEFAULT nextval('public.officer_day_id_seq'::regclass);

ALTER TABLE ONLY public.print_job ALTER COLUMN id SET DEFAULT nextval('public.print_job_id_seq'::regclass);

ALTER TABLE ONLY public.service ALTER COLUMN id SET DEFAULT nextval('public.service_id_seq'::regclass);

ALTER TABLE ONLY public.ticket ALTER COLUMN id SET DEFAULT nextval('public.ticket_id_seq'::regclass);

ALTER TABLE ONLY public."user" ALTER COLUMN id SET DEFAULT nextval('public.user_id_seq'::regclass);

INSERT INTO public.api_token VALUES (2, 3, 1796176920000, 1796220120000, NULL);
INSERT INTO public.api_token VALUES (3, 4, 1796176920000, 1796220120000, NULL);
INSERT INTO public.api_token VALUES (4, 2, 1796176920000, 1796220120000, NULL);
INSERT INTO public.api_token VALUES (1, 1, 1796176800000, 1796220000000, 1796178540000);
INSERT INTO public.api_token VALUES (5, 2, 1796266800000, 1796310000000, NULL);

INSERT INTO public.counter VALUES (3, 'Counter 3', true, false, NULL);
INSERT INTO public.counter VALUES (4, 'Counter 4', true, false, NULL);
INSERT INTO public.counter VALUES (2, 'Counter 2', true, false, 4);
INSERT INTO public.counter VALUES (1, 'Counter 1', true, true, 3);

INSERT INTO public.counter_service VALUES (1, 1);
INSERT INTO public.counter_service VALUES (1, 2);
INSERT INTO public.counter_service VALUES (1, 3);
INSERT INTO public.counter_service VALUES (1, 4);
INSERT INTO public.counter_service VALUES (1, 5);
INSERT INTO public.counter_service VALUES (1, 6);
INSERT INTO public.counter_service VALUES (1, 7);
INSERT INTO public.counter_service VALUES (2, 1);
INSERT INTO public.counter_service VALUES (2, 2);
INSERT INTO public.counter_service VALUES (2, 3);
INSERT INTO public.counter_service VALUES (2, 4);
INSERT INTO public.counter_service VALUES (2, 5);
INSERT INTO public.counter_service VALUES (2, 6);
INSERT INTO public.counter_service VALUES (2, 7);
INSERT INTO public.counter_service VALUES (2, 8);
INSERT INTO public.counter_service VALUES (2, 9);
INSERT INTO public.counter_service VALUES (2, 10);
INSERT INTO public.counter_service VALUES (2, 11);
INSERT INTO public.counter_service VALUES (2, 12);
INSERT INTO public.counter_service VALUES (3, 13);
INSERT INTO public.counter_service VALUES (3, 14);
INSERT INTO public.counter_service VALUES (3, 15);
INSERT INTO public.counter_service VALUES (3, 16);
INSERT INTO public.counter_service VALUES (3, 17);
INSERT INTO public.counter_service VALUES (3, 18);
INSERT INTO public.counter_service VALUES (3, 19);
INSERT INTO public.counter_service VALUES (4, 20);
INSERT INTO public.counter_service VALUES (4, 21);
INSERT INTO public.counter_service VALUES (4, 22);
INSERT INTO public.counter_service VALUES (4, 23);
INSERT INTO public.counter_service VALUES (4, 24);
INSERT INTO public.counter_service VALUES (4, 25);

INSERT INTO public.display VALUES (1, 'hall-tv', '[1, 2]', '[1, 8]', 'km,en', true);

INSERT INTO public.event VALUES (1, 1796329044532, 'user_added', NULL, NULL, NULL, NULL, '{"changes": {"active": {"after": true, "before": null}, "role": {"after": "admin", "before": null}, "username": {"after": "admin", "before": null}}, "id": 1, "name": "admin", "what": "user"}', false);
INSERT INTO public.event VALUES (2, 1796329044762, 'user_added', NULL, NULL, NULL, NULL, '{"changes": {"active": {"after": true, "before": null}, "role": {"after": "supervisor", "before": null}, "username": {"after": "supervisor", "before": null}}, "id": 2, "name": "supervisor", "what": "user"}', false);
INSERT INTO public.event VALUES (3, 1796329044989, 'user_added', NULL, NULL, NULL, NULL, '{"changes": {"active": {"after": true, "before": null}, "role": {"after": "officer", "before": null}, "username": {"after": "officer1", "before": null}}, "id": 3, "name": "officer1", "what": "user"}', false);
INSERT INTO public.event VALUES (4, 1796329045213, 'user_added', NULL, NULL, NULL, NULL, '{"changes": {"active": {"after": true, "before": null}, "role": {"after": "officer", "before": null}, "username": {"after": "officer2", "before": null}}, "id": 4, "name": "officer2", "what": "user"}', false);
INSERT INTO public.event VALUES (5, 1796329045433, 'user_added', NULL, NULL, NULL, NULL, '{"changes": {"active": {"after": true, "before": null}, "role": {"after": "officer", "before": null}, "username": {"after": "officer3", "before": null}}, "id": 5, "name": "officer3", "what": "user"}', false);
INSERT INTO public.event VALUES (6, 1796329045639, 'user_added', NULL, NULL, NULL, NULL, '{"changes": {"active": {"after": true, "before": null}, "role": {"after": "officer", "before": null}, "username": {"after": "officer4", "before": null}}, "id": 6, "name": "officer4", "what": "user"}', false);
INSERT INTO public.event VALUES (7, 1796176800000, 'kiosk_enrolment_started', NULL, NULL, NULL, NULL, '{"expires_at": "2026-12-02T03:00:00.000Z", "kiosk": "hall", "offers_priority": false, "replaced_key": false}', false);
INSERT INTO public.event VALUES (8, 1796176800000, 'kiosk_enrolled', NULL, NULL, NULL, NULL, '{"kiosk": "hall", "offers_priority": false}', false);
INSERT INTO public.event VALUES (9, 1796176800000, 'settings_changed', NULL, NULL, NULL, 1, '{"changes": {"office_name_en": {"after": "Daun Penh One Window Service Office", "before": "One Window Service Office (demo)"}, "office_name_km": {"after": "ការិយាល័យច្រកចេញចូលតែមួយ ខណ្ឌដូនពេញ", "before": "ការិយាល័យច្រកចេញចូលតែមួយ (សាកល្បង)"}, "timezone": {"after": "Asia/Phnom_Penh", "before": "UTC"}}, "id": null, "name": "office settings", "what": "settings"}', false);
INSERT INTO public.event VALUES (10, 1796176800000, 'service_changed', NULL, NULL, NULL, 1, '{"changes": {"documents_en": {"after": ["Original business certificate", "Copy to certify", "Owner''s ID card"], "before": []}, "documents_km": {"after": ["វិញ្ញាបនបត្រអាជីវកម្មច្បាប់ដើម", "ច្បាប់ចម្លងដែលត្រូវបញ្ជាក់", "អត្តសញ្ញាណប័ណ្ណម្ចាស់"], "before": []}, "source_url": {"after": "https://daunpenh.gov.kh/owso/services/certified-copy", "before": "https://ouchrovbmc.gov.kh/archives/service/%E1%9E%80%E1%9E%B6%E1%9E%9A%E1%9E%92%E1%9F%92%E1%9E%9C%E1%9E%BE%E1%9E%93%E1%9E%B8%E1%9E%8F%E1%9F%92%E1%9E%99%E1%9E%B6%E1%9E%93%E1%9E%BB%E1%9E%80%E1%9E%BC%E1%9E%9B%E1%9E%80%E1%9E%98%E1%9F%92-23"}}, "id": 1, "name": "Certification (notarisation) of a copy of a business certificate, per sheet", "what": "service"}', false);
INSERT INTO public.event VALUES (11, 1796176800000, 'kiosk_changed', NULL, NULL, NULL, 1, '{"changes": {"paper_width_mm": {"after": 58, "before": null}, "printer": {"after": "network:192.168.1.50:9100", "before": null}}, "id": 1, "name": "hall", "what": "kiosk"}', false);
INSERT INTO public.event VALUES (12, 1796176800000, 'display_added', NULL, NULL, NULL, 1, '{"changes": {"active": {"after": true, "before": null}, "counter_ids": {"after": [1, 2], "before": null}, "languages": {"after": ["km", "en"], "before": null}, "name": {"after": "hall-tv", "before": null}, "service_ids": {"after": [1, 8], "before": null}}, "id": 1, "name": "hall-tv", "what": "display"}', false);
INSERT INTO public.event VALUES (13, 1796176800000, 'issued', 1, 1, NULL, NULL, '{"kiosk_id": 1, "number": "A001", "priority": false}', false);
INSERT INTO public.event VALUES (14, 1796176860000, 'issued', 2, 1, NULL, NULL, '{"kiosk_id": 1, "number": "A002", "priority": false}', false);
INSERT INTO public.event VALUES (15, 1796176860000, 'issued', 3, 1, NULL, NULL, '{"kiosk_id": 1, "number": "A003", "priority": false}', false);
INSERT INTO public.event VALUES (16, 1796176860000, 'issued', 4, 8, NULL, NULL, '{"kiosk_id": 1, "number": "H001", "priority": false}', false);
INSERT INTO public.event VALUES (17, 1796176860000, 'issued', 5, 2, NULL, NULL, '{"kiosk_id": 1, "number": "B001", "priority": false}', false);
INSERT INTO public.event VALUES (18, 1796176980000, 'issued', 6, 3, NULL, 3, '{"number": "C001", "priority": true}', false);
INSERT INTO public.event VALUES (19, 1796177040000, 'signed_in', NULL, NULL, 1, 3, '{}', false);
INSERT INTO public.event VALUES (20, 1796177100000, 'called', 6, 3, 1, 3, '{}', false);
INSERT INTO public.event VALUES (21, 1796177160000, 'started', 6, 3, 1, 3, '{}', false);
INSERT INTO public.event VALUES (22, 1796177520000, 'finished', 6, 3, 1, 3, '{}', false);
INSERT INTO public.event VALUES (23, 1796177580000, 'called', 1, 1, 1, 3, '{}', false);
INSERT INTO public.event VALUES (24, 1796177700000, 'recalled', 1, 1, 1, 3, '{}', false);
INSERT INTO public.event VALUES (25, 1796177760000, 'started', 1, 1, 1, 3, '{}', false);
INSERT INTO public.event VALUES (26, 1796178000000, 'finished', 1, 1, 1, 3, '{}', false);
INSERT INTO public.event VALUES (27, 1796178060000, 'called', 2, 1, 1, 3, '{}', false);
INSERT INTO public.event VALUES (28, 1796178240000, 'no_show', 2, 1, 1, 3, '{}', false);
INSERT INTO public.event VALUES (29, 1796178300000, 'called', 3, 1, 1, 3, '{}', false);
INSERT INTO public.event VALUES (30, 1796178360000, 'transferred', 3, 8, 1, 3, '{"from_service_id": 1, "from_status": "called", "to_service_id": 8}', false);
INSERT INTO public.event VALUES (31, 1796178420000, 'signed_in', NULL, NULL, 2, 4, '{"by_call": true}', false);
INSERT INTO public.event VALUES (32, 1796178420000, 'called', 3, 8, 2, 4, '{}', false);
INSERT INTO public.event VALUES (33, 1796178480000, 'started', 3, 8, 2, 4, '{}', false);
INSERT INTO public.event VALUES (34, 1796178540000, 'cancelled', 5, 2, NULL, 3, '{}', false);
INSERT INTO public.event VALUES (35, 1796178540000, 'service_changed', NULL, NULL, NULL, 1, '{"changes": {"fee_riel": {"after": 2000, "before": 1000}}, "id": 1, "name": "Certification (notarisation) of a copy of a business certificate, per sheet", "what": "service"}', false);
INSERT INTO public.event VALUES (36, 1796178540000, 'logged_out', NULL, NULL, NULL, 1, '{"token_id": 1}', false);
INSERT INTO public.event VALUES (37, 1796178600000, 'issued', 7, 1, NULL, NULL, '{"kiosk_id": 1, "number": "A004", "priority": false}', false);
INSERT INTO public.event VALUES (38, 1796178600000, 'issued', 8, 1, NULL, NULL, '{"kiosk_id": 1, "number": "A005", "priority": false}', false);
INSERT INTO public.event VALUES (39, 1796178600000, 'issued', 9, 13, NULL, NULL, '{"kiosk_id": 1, "number": "M001", "priority": false}', false);
INSERT INTO public.event VALUES (40, 1796178660000, 'called', 8, 1, 1, 2, '{"chosen": true, "passed_over": [{"number": "A004", "ticket_id": 7}], "reason": "Elderly citizen with a walking stick"}', true);
INSERT INTO public.event VALUES (41, 1796178720000, 'started', 8, 1, 1, 3, '{}', false);
INSERT INTO public.event VALUES (42, 1796178900000, 'finished', 3, 8, 2, 4, '{}', false);
INSERT INTO public.event VALUES (43, 1796178960000, 'called', 4, 8, 2, 4, '{}', false);
INSERT INTO public.event VALUES (44, 1796179020000, 'started', 4, 8, 2, 4, '{}', false);
INSERT INTO public.event VALUES (45, 1796179200000, 'finished', 8, 1, 1, 3, '{}', false);
INSERT INTO public.event VALUES (46, 1796179260000, 'paused', NULL, NULL, 1, 3, '{}', false);

INSERT INTO public.figure_cell VALUES (1, 'd', '2026-12-02', 3, 9, 3, 1, 3, 1, 1, 0, 0, 1, 0, 0, 1, 120000, 120000, 1, 60000, 60000, 1, 360000, 360000, 1, 120000, 1);
INSERT INTO public.figure_cell VALUES (2, 'm', '2026-12-01', 0, 9, 3, 1, 3, 1, 1, 0, 0, 1, 0, 0, 1, 120000, 120000, 1, 60000, 60000, 1, 360000, 360000, 1, 120000, 1);
INSERT INTO public.figure_cell VALUES (3, 'd', '2026-12-02', 3, 9, 1, 1, 3, 2, 1, 1, 0, 1, 1, 1, 2, 1980000, 1200000, 1, 60000, 60000, 1, 240000, 240000, 2, 1980000, 0);
INSERT INTO public.figure_cell VALUES (4, 'm', '2026-12-01', 0, 9, 1, 1, 3, 2, 1, 1, 0, 1, 1, 1, 2, 1980000, 1200000, 1, 60000, 60000, 1, 240000, 240000, 2, 1980000, 0);
INSERT INTO public.figure_cell VALUES (11, 'd', '2026-12-02', 3, 9, 2, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
INSERT INTO public.figure_cell VALUES (12, 'm', '2026-12-01', 0, 9, 2, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
INSERT INTO public.figure_cell VALUES (13, 'd', '2026-12-02', 3, 9, 8, 2, 4, 1, 1, 0, 0, 0, 0, 0, 1, 1440000, 1440000, 1, 60000, 60000, 1, 420000, 420000, 1, 1140000, 0);
INSERT INTO public.figure_cell VALUES (14, 'm', '2026-12-01', 0, 9, 8, 2, 4, 1, 1, 0, 0, 0, 0, 0, 1, 1440000, 1440000, 1, 60000, 60000, 1, 420000, 420000, 1, 1140000, 0);
INSERT INTO public.figure_cell VALUES (15, 'd', '2026-12-02', 3, 9, 1, 1, 2, 1, 1, 0, 0, 1, 0, 0, 1, 60000, 60000, 1, 60000, 60000, 1, 480000, 480000, 1, 180000, 1);
INSERT INTO public.figure_cell VALUES (16, 'm', '2026-12-01', 0, 9, 1, 1, 2, 1, 1, 0, 0, 1, 0, 0, 1, 60000, 60000, 1, 60000, 60000, 1, 480000, 480000, 1, 180000, 1);

INSERT INTO public.figure_duration VALUES (1, 'd', '2026-12-02', 'service', 3, 'wait', 120000, 1);
INSERT INTO public.figure_duration VALUES (2, 'd', '2026-12-02', 'service', 3, 'walk', 60000, 1);
INSERT INTO public.figure_duration VALUES (3, 'd', '2026-12-02', 'service', 3, 'service', 360000, 1);
INSERT INTO public.figure_duration VALUES (4, 'd', '2026-12-02', 'counter', 1, 'wait', 120000, 1);
INSERT INTO public.figure_duration VALUES (6, 'd', '2026-12-02', 'counter', 1, 'service', 360000, 1);
INSERT INTO public.figure_duration VALUES (7, 'd', '2026-12-02', 'officer', 3, 'wait', 120000, 1);
INSERT INTO public.figure_duration VALUES (9, 'd', '2026-12-02', 'officer', 3, 'service', 360000, 1);
INSERT INTO public.figure_duration VALUES (10, 'd', '2026-12-02', 'hour', 9, 'wait', 120000, 1);
INSERT INTO public.figure_duration VALUES (12, 'd', '2026-12-02', 'hour', 9, 'service', 360000, 1);
INSERT INTO public.figure_duration VALUES (13, 'd', '2026-12-02', 'weekday', 3, 'wait', 120000, 1);
INSERT INTO public.figure_duration VALUES (15, 'd', '2026-12-02', 'weekday', 3, 'service', 360000, 1);
INSERT INTO public.figure_duration VALUES (16, 'm', '2026-12-01', 'service', 3, 'wait', 120000, 1);
INSERT INTO public.figure_duration VALUES (17, 'm', '2026-12-01', 'service', 3, 'walk', 60000, 1);
INSERT INTO public.figure_duration VALUES (18, 'm', '2026-12-01', 'service', 3, 'service', 360000, 1);
INSERT INTO public.figure_duration VALUES (19, 'm', '2026-12-01', 'counter', 1, 'wait', 120000, 1);
INSERT INTO public.figure_duration VALUES (21, 'm', '2026-12-01', 'counter', 1, 'service', 360000, 1);
INSERT INTO public.figure_duration VALUES (22, 'm', '2026-12-01', 'officer', 3, 'wait', 120000, 1);
INSERT INTO public.figure_duration VALUES (24, 'm', '2026-12-01', 'officer', 3, 'service', 360000, 1);
INSERT INTO public.figure_duration VALUES (25, 'm', '2026-12-01', 'hour', 9, 'wait', 120000, 1);
INSERT INTO public.figure_duration VALUES (27, 'm', '2026-12-01', 'hour', 9, 'service', 360000, 1);
INSERT INTO public.figure_duration VALUES (28, 'm', '2026-12-01', 'weekday', 3, 'wait', 120000, 1);
INSERT INTO public.figure_duration VALUES (30, 'm', '2026-12-01', 'weekday', 3, 'service', 360000, 1);
INSERT INTO public.figure_duration VALUES (31, 'd', '2026-12-02', 'service', 1, 'wait', 780000, 1);
INSERT INTO public.figure_duration VALUES (33, 'd', '2026-12-02', 'service', 1, 'service', 240000, 1);
INSERT INTO public.figure_duration VALUES (34, 'd', '2026-12-02', 'counter', 1, 'wait', 780000, 1);
INSERT INTO public.figure_duration VALUES (36, 'd', '2026-12-02', 'counter', 1, 'service', 240000, 1);
INSERT INTO public.figure_duration VALUES (37, 'd', '2026-12-02', 'officer', 3, 'wait', 780000, 1);
INSERT INTO public.figure_duration VALUES (8, 'd', '2026-12-02', 'officer', 3, 'walk', 60000, 2);
INSERT INTO public.figure_duration VALUES (39, 'd', '2026-12-02', 'officer', 3, 'service', 240000, 1);
INSERT INTO public.figure_duration VALUES (40, 'd', '2026-12-02', 'hour', 9, 'wait', 780000, 1);
INSERT INTO public.figure_duration VALUES (11, 'd', '2026-12-02', 'hour', 9, 'walk', 60000, 4);
INSERT INTO public.figure_duration VALUES (42, 'd', '2026-12-02', 'hour', 9, 'service', 240000, 1);
INSERT INTO public.figure_duration VALUES (43, 'd', '2026-12-02', 'weekday', 3, 'wait', 780000, 1);
INSERT INTO public.figure_duration VALUES (112, 'd', '2026-12-02', 'hour', 9, 'service', 480000, 1);
INSERT INTO public.figure_duration VALUES (45, 'd', '2026-12-02', 'weekday', 3, 'service', 240000, 1);
INSERT INTO public.figure_duration VALUES (46, 'm', '2026-12-01', 'service', 1, 'wait', 780000, 1);
INSERT INTO public.figure_duration VALUES (48, 'm', '2026-12-01', 'service', 1, 'service', 240000, 1);
INSERT INTO public.figure_duration VALUES (49, 'm', '2026-12-01', 'counter', 1, 'wait', 780000, 1);
INSERT INTO public.figure_duration VALUES (51, 'm', '2026-12-01', 'counter', 1, 'service', 240000, 1);
INSERT INTO public.figure_duration VALUES (52, 'm', '2026-12-01', 'officer', 3, 'wait', 780000, 1);
INSERT INTO public.figure_duration VALUES (23, 'm', '2026-12-01', 'officer', 3, 'walk', 60000, 2);
INSERT INTO public.figure_duration VALUES (54, 'm', '2026-12-01', 'officer', 3, 'service', 240000, 1);
INSERT INTO public.figure_duration VALUES (55, 'm', '2026-12-01', 'hour', 9, 'wait', 780000, 1);
INSERT INTO public.figure_duration VALUES (113, 'd', '2026-12-02', 'weekday', 3, 'wait', 60000, 1);
INSERT INTO public.figure_duration VALUES (57, 'm', '2026-12-01', 'hour', 9, 'service', 240000, 1);
INSERT INTO public.figure_duration VALUES (58, 'm', '2026-12-01', 'weekday', 3, 'wait', 780000, 1);
INSERT INTO public.figure_duration VALUES (14, 'd', '2026-12-02', 'weekday', 3, 'walk', 60000, 4);
INSERT INTO public.figure_duration VALUES (60, 'm', '2026-12-01', 'weekday', 3, 'service', 240000, 1);
INSERT INTO public.figure_duration VALUES (61, 'd', '2026-12-02', 'service', 1, 'wait', 1200000, 1);
INSERT INTO public.figure_duration VALUES (62, 'd', '2026-12-02', 'counter', 1, 'wait', 1200000, 1);
INSERT INTO public.figure_duration VALUES (63, 'd', '2026-12-02', 'officer', 3, 'wait', 1200000, 1);
INSERT INTO public.figure_duration VALUES (64, 'd', '2026-12-02', 'hour', 9, 'wait', 1200000, 1);
INSERT INTO public.figure_duration VALUES (65, 'd', '2026-12-02', 'weekday', 3, 'wait', 1200000, 1);
INSERT INTO public.figure_duration VALUES (66, 'm', '2026-12-01', 'service', 1, 'wait', 1200000, 1);
INSERT INTO public.figure_duration VALUES (67, 'm', '2026-12-01', 'counter', 1, 'wait', 1200000, 1);
INSERT INTO public.figure_duration VALUES (68, 'm', '2026-12-01', 'officer', 3, 'wait', 1200000, 1);
INSERT INTO public.figure_duration VALUES (69, 'm', '2026-12-01', 'hour', 9, 'wait', 1200000, 1);
INSERT INTO public.figure_duration VALUES (70, 'm', '2026-12-01', 'weekday', 3, 'wait', 1200000, 1);
INSERT INTO public.figure_duration VALUES (71, 'd', '2026-12-02', 'service', 8, 'wait', 1440000, 1);
INSERT INTO public.figure_duration VALUES (72, 'd', '2026-12-02', 'service', 8, 'walk', 60000, 1);
INSERT INTO public.figure_duration VALUES (73, 'd', '2026-12-02', 'service', 8, 'service', 420000, 1);
INSERT INTO public.figure_duration VALUES (74, 'd', '2026-12-02', 'counter', 2, 'wait', 1440000, 1);
INSERT INTO public.figure_duration VALUES (75, 'd', '2026-12-02', 'counter', 2, 'walk', 60000, 1);
INSERT INTO public.figure_duration VALUES (76, 'd', '2026-12-02', 'counter', 2, 'service', 420000, 1);
INSERT INTO public.figure_duration VALUES (77, 'd', '2026-12-02', 'officer', 4, 'wait', 1440000, 1);
INSERT INTO public.figure_duration VALUES (78, 'd', '2026-12-02', 'officer', 4, 'walk', 60000, 1);
INSERT INTO public.figure_duration VALUES (79, 'd', '2026-12-02', 'officer', 4, 'service', 420000, 1);
INSERT INTO public.figure_duration VALUES (80, 'd', '2026-12-02', 'hour', 9, 'wait', 1440000, 1);
INSERT INTO public.figure_duration VALUES (82, 'd', '2026-12-02', 'hour', 9, 'service', 420000, 1);
INSERT INTO public.figure_duration VALUES (83, 'd', '2026-12-02', 'weekday', 3, 'wait', 1440000, 1);
INSERT INTO public.figure_duration VALUES (85, 'd', '2026-12-02', 'weekday', 3, 'service', 420000, 1);
INSERT INTO public.figure_duration VALUES (86, 'm', '2026-12-01', 'service', 8, 'wait', 1440000, 1);
INSERT INTO public.figure_duration VALUES (87, 'm', '2026-12-01', 'service', 8, 'walk', 60000, 1);
INSERT INTO public.figure_duration VALUES (88, 'm', '2026-12-01', 'service', 8, 'service', 420000, 1);
INSERT INTO public.figure_duration VALUES (89, 'm', '2026-12-01', 'counter', 2, 'wait', 1440000, 1);
INSERT INTO public.figure_duration VALUES (90, 'm', '2026-12-01', 'counter', 2, 'walk', 60000, 1);
INSERT INTO public.figure_duration VALUES (91, 'm', '2026-12-01', 'counter', 2, 'service', 420000, 1);
INSERT INTO public.figure_duration VALUES (92, 'm', '2026-12-01', 'officer', 4, 'wait', 1440000, 1);
INSERT INTO public.figure_duration VALUES (93, 'm', '2026-12-01', 'officer', 4, 'walk', 60000, 1);
INSERT INTO public.figure_duration VALUES (94, 'm', '2026-12-01', 'officer', 4, 'service', 420000, 1);
INSERT INTO public.figure_duration VALUES (95, 'm', '2026-12-01', 'hour', 9, 'wait', 1440000, 1);
INSERT INTO public.figure_duration VALUES (97, 'm', '2026-12-01', 'hour', 9, 'service', 420000, 1);
INSERT INTO public.figure_duration VALUES (98, 'm', '2026-12-01', 'weekday', 3, 'wait', 1440000, 1);
INSERT INTO public.figure_duration VALUES (100, 'm', '2026-12-01', 'weekday', 3, 'service', 420000, 1);
INSERT INTO public.figure_duration VALUES (101, 'd', '2026-12-02', 'service', 1, 'wait', 60000, 1);
INSERT INTO public.figure_duration VALUES (32, 'd', '2026-12-02', 'service', 1, 'walk', 60000, 2);
INSERT INTO public.figure_duration VALUES (103, 'd', '2026-12-02', 'service', 1, 'service', 480000, 1);
INSERT INTO public.figure_duration VALUES (104, 'd', '2026-12-02', 'counter', 1, 'wait', 60000, 1);
INSERT INTO public.figure_duration VALUES (5, 'd', '2026-12-02', 'counter', 1, 'walk', 60000, 3);
INSERT INTO public.figure_duration VALUES (106, 'd', '2026-12-02', 'counter', 1, 'service', 480000, 1);
INSERT INTO public.figure_duration VALUES (107, 'd', '2026-12-02', 'officer', 2, 'wait', 60000, 1);
INSERT INTO public.figure_duration VALUES (108, 'd', '2026-12-02', 'officer', 2, 'walk', 60000, 1);
INSERT INTO public.figure_duration VALUES (109, 'd', '2026-12-02', 'officer', 2, 'service', 480000, 1);
INSERT INTO public.figure_duration VALUES (110, 'd', '2026-12-02', 'hour', 9, 'wait', 60000, 1);
INSERT INTO public.figure_duration VALUES (115, 'd', '2026-12-02', 'weekday', 3, 'service', 480000, 1);
INSERT INTO public.figure_duration VALUES (116, 'm', '2026-12-01', 'service', 1, 'wait', 60000, 1);
INSERT INTO public.figure_duration VALUES (47, 'm', '2026-12-01', 'service', 1, 'walk', 60000, 2);
INSERT INTO public.figure_duration VALUES (118, 'm', '2026-12-01', 'service', 1, 'service', 480000, 1);
INSERT INTO public.figure_duration VALUES (119, 'm', '2026-12-01', 'counter', 1, 'wait', 60000, 1);
INSERT INTO public.figure_duration VALUES (20, 'm', '2026-12-01', 'counter', 1, 'walk', 60000, 3);
INSERT INTO public.figure_duration VALUES (121, 'm', '2026-12-01', 'counter', 1, 'service', 480000, 1);
INSERT INTO public.figure_duration VALUES (122, 'm', '2026-12-01', 'officer', 2, 'wait', 60000, 1);
INSERT INTO public.figure_duration VALUES (123, 'm', '2026-12-01', 'officer', 2, 'walk', 60000, 1);
INSERT INTO public.figure_duration VALUES (124, 'm', '2026-12-01', 'officer', 2, 'service', 480000, 1);
INSERT INTO public.figure_duration VALUES (125, 'm', '2026-12-01', 'hour', 9, 'wait', 60000, 1);
INSERT INTO public.figure_duration VALUES (26, 'm', '2026-12-01', 'hour', 9, 'walk', 60000, 4);
INSERT INTO public.figure_duration VALUES (127, 'm', '2026-12-01', 'hour', 9, 'service', 480000, 1);
INSERT INTO public.figure_duration VALUES (128, 'm', '2026-12-01', 'weekday', 3, 'wait', 60000, 1);
INSERT INTO public.figure_duration VALUES (29, 'm', '2026-12-01', 'weekday', 3, 'walk', 60000, 4);
INSERT INTO public.figure_duration VALUES (130, 'm', '2026-12-01', 'weekday', 3, 'service', 480000, 1);

INSERT INTO public.kiosk VALUES (1, 'hall', false, 1796176800000, NULL, NULL, NULL, '7007d8fdab5547069c0cd4719d7ce0e8d82d97153c15d4b09c4a112ab5766e3e', 1796176800000, NULL, 'network:192.168.1.50:9100', 58);

INSERT INTO public.login_attempt VALUES (1, 1796176800000, 'admin', '127.0.0.1', true);
INSERT INTO public.login_attempt VALUES (3, 1796176920000, 'officer1', '127.0.0.1', true);
INSERT INTO public.login_attempt VALUES (4, 1796176920000, 'officer2', '127.0.0.1', true);
INSERT INTO public.login_attempt VALUES (5, 1796176920000, 'supervisor', '127.0.0.1', true);
INSERT INTO public.login_attempt VALUES (6, 1796266800000, 'supervisor', '127.0.0.1', true);

INSERT INTO public.migratehistory VALUES (1, '001_initial', '2026-12-03 20:17:24.244644');
INSERT INTO public.migratehistory VALUES (2, '002_security', '2026-12-03 20:17:24.248892');
INSERT INTO public.migratehistory VALUES (3, '003_administration', '2026-12-03 20:17:24.251651');
INSERT INTO public.migratehistory VALUES (4, '004_report_figures', '2026-12-03 20:17:24.255349');

INSERT INTO public.officer_day VALUES (1, '2026-12-02', 3, 1, 53760000, 51540000, 1620000, 600000);
INSERT INTO public.officer_day VALUES (2, '2026-12-02', 4, 2, 52380000, 0, 52320000, 60000);

INSERT INTO public.officer_day_done VALUES ('2026-12-02');

INSERT INTO public.print_job VALUES (1, 1, 'hall', 'pending', 0, 1796176800000, 1796176800000, NULL, NULL);
INSERT INTO public.print_job VALUES (2, 2, 'hall', 'pending', 0, 1796176860000, 1796176860000, NULL, NULL);
INSERT INTO public.print_job VALUES (3, 3, 'hall', 'pending', 0, 1796176860000, 1796176860000, NULL, NULL);
INSERT INTO public.print_job VALUES (4, 4, 'hall', 'pending', 0, 1796176860000, 1796176860000, NULL, NULL);
INSERT INTO public.print_job VALUES (5, 5, 'hall', 'pending', 0, 1796176860000, 1796176860000, NULL, NULL);
INSERT INTO public.print_job VALUES (6, 7, 'hall', 'pending', 0, 1796178600000, 1796178600000, NULL, NULL);
INSERT INTO public.print_job VALUES (7, 8, 'hall', 'pending', 0, 1796178600000, 1796178600000, NULL, NULL);
INSERT INTO public.print_job VALUES (8, 9, 'hall', 'pending', 0, 1796178600000, 1796178600000, NULL, NULL);

INSERT INTO public.service VALUES (2, 'B', 'Permit for rooms-for-rent lodging business (per room)', 'ផ្ទះជួលបន្ទប់ស្នាក់នៅ (គិតក្នុង០១បន្ទប់)', 'Administration (district/khan own functions)', 'ការងាររដ្ឋបាល', 5000, 28, 20, 1, true, '[]', '[]', 'https://ouchrovbmc.gov.kh/archives/service/%E1%9E%95%E1%9F%92%E1%9E%91%E1%9F%87%E1%9E%87%E1%9E%BD%E1%9E%9B%E1%9E%94%E1%9E%93%E1%9F%92%E1%9E%91%E1%9E%94%E1%9F%8B%E1%9E%9F%E1%9F%92%E1%9E%93%E1%9E%B6%E1%9E%80%E1%9F%8B%E1%9E%93%E1%9F%85-%E1%9E%82');
INSERT INTO public.service VALUES (3, 'C', 'Transfer of possession of unregistered immovable property, urban land along NR5/NR58/NR258D – plot under 100 m²', 'ការផ្ទេរសិទ្ធិកាន់កាប់អចលនទ្រព្យដែលពុំទាន់ចុះបញ្ជីសម្រាប់ដីក្នុងទីប្រជុំជន (ជាប់សងខាងផ្លូវជាតិលេខ៥, ផ្លូវជាតិលេខ៥៨ និងផ្លូវជាតិលេខ២៥៨ដេ) — ដីដែលមានទំហំក្រោម ១០០ម៉ែត្រការ៉េ', 'Administration (district/khan own functions)', 'ការងាររដ្ឋបាល', 50000, 15, 20, 2, true, '[]', '[]', 'https://ouchrovbmc.gov.kh/archives/service/%E1%9E%80%E1%9E%B6%E1%9E%9A%E1%9E%95%E1%9F%92%E1%9E%91%E1%9F%81%E1%9E%9A%E1%9E%9F%E1%9E%B7%E1%9E%91%E1%9F%92%E1%9E%92%E1%9E%B7%E1%9E%80%E1%9E%B6%E1%9E%93%E1%9F%8B%E1%9E%80%E1%9E%B6%E1%9E%94%E1%9F%8B-2');
INSERT INTO public.service VALUES (4, 'D', 'Transfer of possession of unregistered immovable property, urban land along NR5/NR58/NR258D – plot 100 to under 500 m²', 'ការផ្ទេរសិទ្ធិកាន់កាប់អចលនទ្រព្យដែលពុំទាន់ចុះបញ្ជីសម្រាប់ដីក្នុងទីប្រជុំជន (ជាប់សងខាងផ្លូវជាតិលេខ៥, ផ្លូវជាតិលេខ៥៨ និងផ្លូវជាតិលេខ២៥៨ដេ) — ដីដែលមានទំហំចាប់ពី ១០០ម៉ែត្រការ៉េ ដល់ក្រោម ៥០០ម៉ែត្រការ៉េ', 'Administration (district/khan own functions)', 'ការងាររដ្ឋបាល', 100000, 15, 20, 3, true, '[]', '[]', 'https://ouchrovbmc.gov.kh/archives/service/%E1%9E%80%E1%9E%B6%E1%9E%9A%E1%9E%95%E1%9F%92%E1%9E%91%E1%9F%81%E1%9E%9A%E1%9E%9F%E1%9E%B7%E1%9E%91%E1%9F%92%E1%9E%92%E1%9E%B7%E1%9E%80%E1%9E%B6%E1%9E%93%E1%9F%8B%E1%9E%80%E1%9E%B6%E1%9E%94%E1%9F%8B-2');
INSERT INTO public.service VALUES (5, 'E', 'Permit for men''s barber shop (2 to 4 chairs)', 'កាត់សក់បុរស (ចាប់ពី ២កៅអី ទៅ ៤កៅអី)', 'Administration (district/khan own functions)', 'ការងាររដ្ឋបាល', 20000, 7, 20, 4, true, '[]', '[]', 'https://opendevelopmentcambodia.net/km/profiles/access-to-public-service/services-of-one-window-service-office');
INSERT INTO public.service VALUES (6, 'F', 'Permit to open a massage place (5 beds or 5 chairs and below)', 'ម៉ាស្សា ចាប់ពី ០៥គ្រែ ឬចាប់ពី ០៥កៅអីចុះក្រោម', 'Administration (district/khan own functions)', 'ការងាររដ្ឋបាល', NULL, NULL, 20, 5, true, '[]', '[]', 'https://demo.cambodia.gov.kh/service/%E1%9E%98%E1%9F%89%E1%9E%B6%E1%9E%9F%E1%9F%92%E1%9E%9F%E1%9E%B6-%E1%9E%85%E1%9E%B6%E1%9E%94%E1%9F%8B%E1%9E%96%E1%9E%B8-%E1%9F%A0%E1%9F%A5%E1%9E%82%E1%9F%92%E1%9E%9A%E1%9F%82-%E1%9E%AC%E1%9E%85-2/');
INSERT INTO public.service VALUES (7, 'G', 'Certification of copy (provincial OWSO): business permit for import/export or foreign-invested hotel, per copy', 'ការងារនីត្យានុកូលកម្ម(ការបញ្ជាក់លើឯកសារថតចម្លង) — សេចក្តីអនុញ្ញាតឱ្យប្រកបអាជីវកម្ម អាហរ័ណ នីហរ័ណ សណ្ឋាគារវិនិយោគទុនបរទេស', 'Administration (district/khan own functions)', 'ការងាររដ្ឋបាល', 20000, 5, 20, 6, true, '[]', '[]', 'https://battambang.gov.kh/service/capital-provinces/12');
INSERT INTO public.service VALUES (8, 'H', 'Construction permit – villa, floor area 100 m² or less, outside town', 'លិខិតអនុញ្ញាតសាងសង់ — ភូមិគ្រឹះ ផ្ទៃក្រឡាកម្រាលសំណង់ ចាប់ពី ១០០ម៉ែត្រការ៉េ ចុះក្រោម (ក្រៅក្រុង)', 'Land management, urban planning and construction', 'វិស័យរៀបចំដែនដី នគរូបនីយកម្ម និងសំណង់', 420000, 25, 20, 7, true, '[]', '[]', 'https://ouchrovbmc.gov.kh/archives/service/%E1%9E%9B%E1%9E%B7%E1%9E%81%E1%9E%B7%E1%9E%8F%E1%9E%A2%E1%9E%93%E1%9E%BB%E1%9E%89%E1%9F%92%E1%9E%89%E1%9E%B6%E1%9E%8F%E1%9E%9F%E1%9E%B6%E1%9E%84%E1%9E%9F%E1%9E%84%E1%9F%8B');
INSERT INTO public.service VALUES (9, 'I', 'Construction permit – villa, floor area 100 m² or less, in built-up area', 'លិខិតអនុញ្ញាតសាងសង់ — ភូមិគ្រឹះ ផ្ទៃក្រឡាកម្រាលសំណង់ ចាប់ពី ១០០ម៉ែត្រការ៉េ ចុះក្រោម (ក្នុងទីប្រជុំជន)', 'Land management, urban planning and construction', 'វិស័យរៀបចំដែនដី នគរូបនីយកម្ម និងសំណង់', 600000, 25, 20, 8, true, '[]', '[]', 'https://ouchrovbmc.gov.kh/archives/service/%E1%9E%9B%E1%9E%B7%E1%9E%81%E1%9E%B7%E1%9E%8F%E1%9E%A2%E1%9E%93%E1%9E%BB%E1%9E%89%E1%9F%92%E1%9E%89%E1%9E%B6%E1%9E%8F%E1%9E%9F%E1%9E%B6%E1%9E%84%E1%9E%9F%E1%9E%84%E1%9F%8B');
INSERT INTO public.service VALUES (10, 'J', 'Construction permit – villa, floor area over 100 to 200 m², outside town', 'លិខិតអនុញ្ញាតសាងសង់ — ភូមិគ្រឹះ ផ្ទៃក្រឡាកម្រាលសំណង់ លើសពី ១០០ម៉ែត្រការ៉េ ដល់ ២០០ម៉ែត្រការ៉េ (ក្រៅក្រុង)', 'Land management, urban planning and construction', 'វិស័យរៀបចំដែនដី នគរូបនីយកម្ម និងសំណង់', 560000, 25, 20, 9, true, '[]', '[]', 'https://ouchrovbmc.gov.kh/archives/service/%E1%9E%9B%E1%9E%B7%E1%9E%81%E1%9E%B7%E1%9E%8F%E1%9E%A2%E1%9E%93%E1%9E%BB%E1%9E%89%E1%9F%92%E1%9E%89%E1%9E%B6%E1%9E%8F%E1%9E%9F%E1%9E%B6%E1%9E%84%E1%9E%9F%E1%9E%84%E1%9F%8B');
INSERT INTO public.service VALUES (11, 'K', 'Construction permit – villa, floor area over 100 to 200 m², in built-up area', 'លិខិតអនុញ្ញាតសាងសង់ — ភូមិគ្រឹះ ផ្ទៃក្រឡាកម្រាលសំណង់ លើសពី ១០០ម៉ែត្រការ៉េ ដល់ ២០០ម៉ែត្រការ៉េ (ក្នុងទីប្រជុំជន)', 'Land management, urban planning and construction', 'វិស័យរៀបចំដែនដី នគរូបនីយកម្ម និងសំណង់', 800000, 25, 20, 10, true, '[]', '[]', 'https://ouchrovbmc.gov.kh/archives/service/%E1%9E%9B%E1%9E%B7%E1%9E%81%E1%9E%B7%E1%9E%8F%E1%9E%A2%E1%9E%93%E1%9E%BB%E1%9E%89%E1%9F%92%E1%9E%89%E1%9E%B6%E1%9E%8F%E1%9E%9F%E1%9E%B6%E1%9E%84%E1%9E%9F%E1%9E%84%E1%9F%8B');
INSERT INTO public.service VALUES (12, 'L', 'Transfer of a whole immovable property (per title) – provincial cadastre', 'ការផ្ទេរអចលនវត្ថុទាំងមូល(ក្នុង១ប័ណ្ណ)', 'Land management, urban planning and construction', 'វិស័យរៀបចំដែនដី នគរូបនីយកម្ម និងសំណង់', NULL, NULL, 20, 11, true, '[]', '[]', 'https://battambang.gov.kh/service/capital-provinces/23');
INSERT INTO public.service VALUES (13, 'M', 'Exam for motorcycle driving licence, category A', 'ប្រឡងយកប័ណ្ណបើកបរទោចក្រយានយន្តប្រភេទ ក', 'Public works and transport', 'វិស័យសាធារណការ និងដឹកជញ្ជូន', 30000, 10, 20, 12, true, '[]', '[]', 'https://battambang.gov.kh/service/capital-provinces/16');
INSERT INTO public.service VALUES (14, 'N', 'Motorcycle driving licence category A re-exam – theory test', 'ប្រឡងយកប័ណ្ណបើកបរឡើងវិញ ទោចក្រយានយន្ត ប្រភេទ ក — ប្រឡងទ្រឹស្តី', 'Public works and transport', 'វិស័យសាធារណការ និងដឹកជញ្ជូន', 5000, NULL, 20, 13, true, '[]', '[]', 'https://battambang.gov.kh/service/capital-provinces/16');
INSERT INTO public.service VALUES (15, 'O', 'Exchange, renewal, duplicate or triplicate of motorcycle driving licence, category A', 'ប្តូរ ពន្យារ ទុតិយតា ឬតតិយតាប័ណ្ណបើកបរទោចក្រយានយន្តប្រភេទ ក', 'Public works and transport', 'វិស័យសាធារណការ និងដឹកជញ្ជូន', 20000, 10, 20, 14, true, '[]', '[]', 'https://phnompenh.gov.kh/public-services/public-sector-and-transport/');
INSERT INTO public.service VALUES (16, 'P', 'Exam for car driving licence, category B', 'ប្រឡងយកប័ណ្ណបើកបររថយន្តប្រភេទ ខ', 'Public works and transport', 'វិស័យសាធារណការ និងដឹកជញ្ជូន', 90000, 10, 20, 15, true, '[]', '[]', 'https://phnompenh.gov.kh/public-services/public-sector-and-transport/');
INSERT INTO public.service VALUES (17, 'Q', 'Exchange, renewal, duplicate or triplicate of car driving licence', 'ប្តូរ ពន្យារ ទុតិយតា ឬតតិយតាប័ណ្ណបើកបររថយន្ត', 'Public works and transport', 'វិស័យសាធារណការ និងដឹកជញ្ជូន', 30000, 10, 20, 16, true, '[]', '[]', 'https://phnompenh.gov.kh/public-services/public-sector-and-transport/');
INSERT INTO public.service VALUES (18, 'R', 'Mineral resource licence', 'ការផ្តល់អាជ្ញាប័ណ្ណធនធានរ៉ែ', 'Mines and energy', 'វិស័យរ៉ែ និងថាមពល', 200000, 7, 20, 17, true, '[]', '[]', 'https://battambang.gov.kh/service/capital-provinces/21');
INSERT INTO public.service VALUES (19, 'S', 'Review and processing of application for artisanal / small-scale mineral resource licence', 'សេវាពិនិត្យ រៀបចំ និងដំណើការឯកសារសម្រាប់ការផ្តល់អាជ្ញាប័ណ្ណសិប្បកម្មធនធានរ៉ែ និងអាជីវកម្មធនធានរ៉ែខ្នាតតូច(ការដាក់ពាក្យស្នើសុំ និងដំណើរការឯកសារ) ស្របតាមការកំណត់របស់ក្រសួងរ៉ែ និងថាមពល', 'Mines and energy', 'វិស័យរ៉ែ និងថាមពល', 200000, 7, 20, 18, true, '[]', '[]', 'https://battambang.gov.kh/service/capital-provinces/21');
INSERT INTO public.service VALUES (20, 'T', 'Registration of no-risk enterprise/handicraft with small capital (source text: under 2,000 million riel (USD 50,000))', 'ការចុះបញ្ជីសហគ្រាស និងសិប្បកម្មដែលមានដើមទុនក្រោម២០០០លានរៀល(៥០០០០ដុល្លា)ដែលគ្មានហានិភ័យ', 'Industry and handicraft', 'វិស័យឧស្សាហកម្ម និងសិប្បកម្ម', NULL, NULL, 20, 19, true, '[]', '[]', 'https://battambang.gov.kh/service/capital-provinces/20');
INSERT INTO public.service VALUES (21, 'U', 'Handicraft operating certificate (new or renewal), capital under 200 million riel (USD 50,000)', 'ការចេញវិញ្ញាបនបត្រដំណើរការសិប្បកម្ម(ថ្មី ឬបន្ត) ដែលមានដើមទុនក្រោម២០០លានរៀល(៥០០០០ដុល្លា)', 'Industry and handicraft', 'វិស័យឧស្សាហកម្ម និងសិប្បកម្ម', NULL, NULL, 20, 20, true, '[]', '[]', 'https://battambang.gov.kh/service/capital-provinces/20');
INSERT INTO public.service VALUES (22, 'V', 'Permit for slaughtering business, type A', 'ធ្វើអាជីវកម្មពិឃាតសត្វ ៖ ប្រភេទ ក', 'Agriculture, forestry and fisheries', 'វិស័យកសិកម្ម រុក្ខាប្រមាញ់ និងនេសាទ', 1000000, 5, 20, 21, true, '[]', '[]', 'https://battambang.gov.kh/service/capital-provinces/24');
INSERT INTO public.service VALUES (23, 'W', 'Permit for slaughtering business, type B', 'ធ្វើអាជីវកម្មពិឃាតសត្វ ៖ ប្រភេទ ខ', 'Agriculture, forestry and fisheries', 'វិស័យកសិកម្ម រុក្ខាប្រមាញ់ និងនេសាទ', 800000, 5, 20, 22, true, '[]', '[]', 'https://battambang.gov.kh/service/capital-provinces/24');
INSERT INTO public.service VALUES (24, 'X', 'Establishment of a slaughterhouse, type A (source: 1 month)', 'បង្កើតសត្តឃាតដ្ឋាន ៖ ប្រភេទ ក', 'Agriculture, forestry and fisheries', 'វិស័យកសិកម្ម រុក្ខាប្រមាញ់ និងនេសាទ', 1000000, NULL, 20, 23, true, '[]', '[]', 'https://battambang.gov.kh/service/capital-provinces/24');
INSERT INTO public.service VALUES (25, 'Y', 'Permit to carry on a commercial service business (delegated to target municipalities/districts/khans)', 'ការចេញលិខិតអនុញ្ញាតប្រកបអាជីវកម្មសេវាកម្មពាណិជ្ជកម្ម', 'Commerce (Ministry of Commerce)', 'ក្រសួងពាណិជ្ជកម្ម', NULL, NULL, 20, 24, true, '[]', '[]', 'http://www.seva.gov.kh/service/101466');
INSERT INTO public.service VALUES (1, 'A', 'Certification (notarisation) of a copy of a business certificate, per sheet', 'ការធ្វើនីត្យានុកូលកម្មលើវិញ្ញាបនបត្រប្រកបអាជីវកម្ម', 'Administration (district/khan own functions)', 'ការងាររដ្ឋបាល', 2000, 3, 20, 0, true, '["Original business certificate", "Copy to certify", "Owner''s ID card"]', '["វិញ្ញាបនបត្រអាជីវកម្មច្បាប់ដើម", "ច្បាប់ចម្លងដែលត្រូវបញ្ជាក់", "អត្តសញ្ញាណប័ណ្ណម្ចាស់"]', 'https://daunpenh.gov.kh/owso/services/certified-copy');

INSERT INTO public.setting VALUES ('office_name_en', '"Daun Penh One Window Service Office"');
INSERT INTO public.setting VALUES ('office_name_km', '"ការិយាល័យច្រកចេញចូលតែមួយ ខណ្ឌដូនពេញ"');
INSERT INTO public.setting VALUES ('timezone', '"Asia/Phnom_Penh"');

INSERT INTO public.ticket VALUES (6, 3, 'C001', '2026-12-02', 'done', true, 1796176980000, 1796177100000, 1796177100000, 1796177160000, 1796177520000, 1, 3, 0, 50000, 'X3BUfRqX_N5ra-YpazAcaQ', NULL, 3, NULL, '127.0.0.1', NULL);
INSERT INTO public.ticket VALUES (1, 1, 'A001', '2026-12-02', 'done', false, 1796176800000, 1796177700000, 1796177580000, 1796177760000, 1796178000000, 1, 3, 0, 1000, 'gTr_puuhPj779sNPA-i8Xg', 'rel04-key-1', NULL, 1, '127.0.0.1', 'kiosk:1');
INSERT INTO public.ticket VALUES (2, 1, 'A002', '2026-12-02', 'no_show', false, 1796176860000, 1796178060000, 1796178060000, NULL, NULL, 1, 3, 0, 1000, '9NvAj6J6RXoybwz-ynf23Q', 'rel04-key-2', NULL, 1, '127.0.0.1', 'kiosk:1');
INSERT INTO public.ticket VALUES (5, 2, 'B001', '2026-12-02', 'cancelled', false, 1796176860000, NULL, NULL, NULL, NULL, NULL, NULL, 600, 5000, '-xFn88cmsdM_EuQsvdpP3w', 'rel04-key-5', NULL, 1, '127.0.0.1', 'kiosk:1');
INSERT INTO public.ticket VALUES (7, 1, 'A004', '2026-12-02', 'waiting', false, 1796178600000, NULL, NULL, NULL, NULL, NULL, NULL, 0, 2000, 'c17_iMOAEiBZFU1CBxHeCQ', 'rel04-key-6', NULL, 1, '127.0.0.1', 'kiosk:1');
INSERT INTO public.ticket VALUES (9, 13, 'M001', '2026-12-02', 'waiting', false, 1796178600000, NULL, NULL, NULL, NULL, NULL, NULL, 0, 30000, '1COjJnFzGYwAHa26A23_JQ', 'rel04-key-8', NULL, 1, '127.0.0.1', 'kiosk:1');
INSERT INTO public.ticket VALUES (3, 8, 'A003', '2026-12-02', 'done', false, 1796176860000, 1796178420000, 1796178300000, 1796178480000, 1796178900000, 2, 4, 300, 1000, 'ZxX70Xx5pG3kDyU9SKLPrQ', 'rel04-key-3', NULL, 1, '127.0.0.1', 'kiosk:1');
INSERT INTO public.ticket VALUES (4, 8, 'H001', '2026-12-02', 'serving', false, 1796176860000, 1796178960000, 1796178960000, 1796179020000, NULL, 2, 4, 300, 420000, 'QcI2i3-uf_e5Lnk5ebLYhA', 'rel04-key-4', NULL, 1, '127.0.0.1', 'kiosk:1');
INSERT INTO public.ticket VALUES (8, 1, 'A005', '2026-12-02', 'done', false, 1796178600000, 1796178660000, 1796178660000, 1796178720000, 1796179200000, 1, 2, 240, 2000, 'bpvZ2Op4nyDk09sCVG4VWw', 'rel04-key-7', NULL, 1, '127.0.0.1', 'kiosk:1');

INSERT INTO public.ticket_sequence VALUES ('H', '2026-12-02', 1);
INSERT INTO public.ticket_sequence VALUES ('B', '2026-12-02', 1);
INSERT INTO public.ticket_sequence VALUES ('C', '2026-12-02', 1);
INSERT INTO public.ticket_sequence VALUES ('A', '2026-12-02', 5);
INSERT INTO public.ticket_sequence VALUES ('M', '2026-12-02', 1);

INSERT INTO public."user" VALUES (1, 'admin', '$argon2id$v=19$m=65536,t=3,p=4$gf3CL2BSunHQzTDT/zAa+A$Bx5LsFo4chvQkrfbuelOAvdeTsU7PkL/yDG+R4oXRmI', 'admin', true, 0);
INSERT INTO public."user" VALUES (2, 'supervisor', '$argon2id$v=19$m=65536,t=3,p=4$pRCKzyu1EBMfa8YFzucEMQ$OlwLzxm/Hw4FolOl5PrY7jmwCyxKgddwNCQ8iLKrI9w', 'supervisor', true, 0);
INSERT INTO public."user" VALUES (3, 'officer1', '$argon2id$v=19$m=65536,t=3,p=4$Qu6yhtVrmiq2FcParWq7ew$SditpW3HEoKYQqQTHbLmDxVLmgfA2JYuin+36I7zl7g', 'officer', true, 0);
INSERT INTO public."user" VALUES (4, 'officer2', '$argon2id$v=19$m=65536,t=3,p=4$PGIbURWp/Mp4F3FILwKcxw$tO9K+hRAlv4fubAifb4lpPx4VFSDyDB3tujRZTd5HDQ', 'officer', true, 0);
INSERT INTO public."user" VALUES (5, 'officer3', '$argon2id$v=19$m=65536,t=3,p=4$2QfDc6U5sDfqI/icZ+7n9g$MPT3jDC4bfq1TWyCvJ5jBry6Rn4otB9SrprEwG9P7u8', 'officer', true, 0);
INSERT INTO public."user" VALUES (6, 'officer4', '$argon2id$v=19$m=65536,t=3,p=4$VSCflZDoH35jZxKmLszawQ$hYjOmhOW0mp24qUp8FzoVanbALeHzdQ9Yz5/Y9pgEco', 'officer', true, 0);

SELECT pg_catalog.setval('public.api_token_id_seq', 5, true);

SELECT pg_catalog.setval('public.counter_id_seq', 4, true);

SELECT pg_catalog.setval('public.display_id_seq', 1, true);

SELECT pg_catalog.setval('public.event_id_seq', 46, true);

SELECT pg_catalog.setval('public.figure_cell_id_seq', 16, true);

SELECT pg_catalog.setval('public.figure_duration_id_seq', 130, true);

SELECT pg_catalog.setval('public.kiosk_id_seq', 1, true);

SELECT pg_catalog.setval('public.login_attempt_id_seq', 6, true);

SELECT pg_catalog.setval('public.migratehistory_id_seq', 4, true);

SELECT pg_catalog.setval('public.officer_day_id_seq', 2, true);

SELECT pg_catalog.setval('public.print_job_id_seq', 8, true);

SELECT pg_catalog.setval('public.service_id_seq', 25, true);

SELECT pg_catalog.setval('public.ticket_id_seq', 9, true);

SELECT pg_catalog.setval('public.user_id_seq', 6, true);

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.counter
    ADD CONSTRAINT counter_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.counter_service
    ADD CONSTRAINT counter_service_pkey PRIMARY KEY (counter_id, service_id);

ALTER TABLE ONLY public.display
    ADD CONSTRAINT display_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.event
    ADD CONSTRAINT event_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.figure_cell
    ADD CONSTRAINT figure_cell_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.figure_duration
    ADD CONSTRAINT figure_duration_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.kiosk
    ADD CONSTRAINT kiosk_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.login_attempt
    ADD CONSTRAINT login_attempt_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.migratehistory
    ADD CONSTRAINT migratehistory_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.officer_day_done
    ADD CONSTRAINT officer_day_done_pkey PRIMARY KEY (day);

ALTER TABLE ONLY public.officer_day
    ADD CONSTRAINT officer_day_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.print_job
    ADD CONSTRAINT print_job_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.service
    ADD CONSTRAINT service_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.setting
    ADD CONSTRAINT setting_pkey PRIMARY KEY (key);

ALTER TABLE ONLY public.ticket
    ADD CONSTRAINT ticket_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.ticket_sequence
    ADD CONSTRAINT ticket_sequence_pkey PRIMARY KEY (prefix, day);

ALTER TABLE ONLY public."user"
    ADD CONSTRAINT user_pkey PRIMARY KEY (id);

CREATE INDEX api_token_user_id ON public.api_token USING btree (user_id);

CREATE INDEX counter_officer_id ON public.counter USING btree (officer_id);

CREATE INDEX counter_service_counter_id ON public.counter_service USING btree (counter_id);

CREATE INDEX counter_service_service_id ON public.counter_service USING btree (service_id);

CREATE UNIQUE INDEX display_name ON public.display USING btree (name);

CREATE INDEX event_actor_id ON public.event USING btree (actor_id);

CREATE INDEX event_at ON public.event USING btree (at);

CREATE INDEX event_counter_id ON public.event USING btree (counter_id);

CREATE INDEX event_kind ON public.event USING btree (kind);

CREATE INDEX event_kind_counter_id ON public.event USING btree (kind, counter_id);

CREATE INDEX event_out_of_order ON public.event USING btree (out_of_order);

CREATE INDEX event_out_of_order_at ON public.event USING btree (at) WHERE out_of_order;

CREATE INDEX event_service_id ON public.event USING btree (service_id);

CREATE INDEX event_ticket_id ON public.event USING btree (ticket_id);

CREATE UNIQUE INDEX figure_cell_span_day_service_id_counter_id_officer_id_ho_3416ff ON public.figure_cell USING btree (span, day, service_id, counter_id, officer_id, hour, weekday);

CREATE UNIQUE INDEX figure_duration_span_dimension_start_key_measure_bin ON public.figure_duration USING btree (span, dimension, start, key, measure, bin);

CREATE INDEX kiosk_created_by_id ON public.kiosk USING btree (created_by_id);

CREATE UNIQUE INDEX kiosk_enrol_code_hash ON public.kiosk USING btree (enrol_code_hash);

CREATE UNIQUE INDEX kiosk_key_hash ON public.kiosk USING btree (key_hash);

CREATE UNIQUE INDEX kiosk_name ON public.kiosk USING btree (name);

CREATE INDEX login_attempt_client_at ON public.login_attempt USING btree (client, at);

CREATE INDEX login_attempt_username_at ON public.login_attempt USING btree (username, at);

CREATE INDEX login_attempt_username_client_at ON public.login_attempt USING btree (username, client, at);

CREATE UNIQUE INDEX officer_day_day_officer_id_counter_id ON public.officer_day USING btree (day, officer_id, counter_id);

CREATE INDEX print_job_status_next_attempt_at ON public.print_job USING btree (status, next_attempt_at);

CREATE INDEX print_job_ticket_id ON public.print_job USING btree (ticket_id);

CREATE UNIQUE INDEX service_prefix_active ON public.service USING btree (prefix) WHERE active;

CREATE INDEX ticket_client_issued_at ON public.ticket USING btree (client, issued_at);

CREATE INDEX ticket_counter_id ON public.ticket USING btree (counter_id);

CREATE UNIQUE INDEX ticket_idempotency_scope_idempotency_key ON public.ticket USING btree (idempotency_scope, idempotency_key);

CREATE INDEX ticket_issued_at ON public.ticket USING btree (issued_at);

CREATE INDEX ticket_issued_by_id ON public.ticket USING btree (issued_by_id);

CREATE INDEX ticket_kiosk_id ON public.ticket USING btree (kiosk_id);

CREATE INDEX ticket_kiosk_id_issued_at ON public.ticket USING btree (kiosk_id, issued_at);

CREATE INDEX ticket_officer_id ON public.ticket USING btree (officer_id);

CREATE UNIQUE INDEX ticket_one_current_per_counter ON public.ticket USING btree (counter_id) WHERE ((status)::text = ANY ((ARRAY['called'::character varying, 'serving'::character varying])::text[]));

CREATE INDEX ticket_service_id ON public.ticket USING btree (service_id);

CREATE INDEX ticket_status ON public.ticket USING btree (status);

CREATE INDEX ticket_status_service_id_priority_issued_at ON public.ticket USING btree (status, service_id, priority, issued_at);

CREATE UNIQUE INDEX ticket_token ON public.ticket USING btree (token);

CREATE UNIQUE INDEX user_username ON public."user" USING btree (username);

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.counter
    ADD CONSTRAINT counter_officer_id_fkey FOREIGN KEY (officer_id) REFERENCES public."user"(id);

ALTER TABLE ONLY public.counter_service
    ADD CONSTRAINT counter_service_counter_id_fkey FOREIGN KEY (counter_id) REFERENCES public.counter(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.counter_service
    ADD CONSTRAINT counter_service_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.service(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.event
    ADD CONSTRAINT event_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES public."user"(id);

ALTER TABLE ONLY public.event
    ADD CONSTRAINT event_counter_id_fkey FOREIGN KEY (counter_id) REFERENCES public.counter(id);

ALTER TABLE ONLY public.event
    ADD CONSTRAINT event_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.service(id);

ALTER TABLE ONLY public.event
    ADD CONSTRAINT event_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES public.ticket(id);

ALTER TABLE ONLY public.kiosk
    ADD CONSTRAINT kiosk_created_by_id_fkey FOREIGN KEY (created_by_id) REFERENCES public."user"(id);

ALTER TABLE ONLY public.print_job
    ADD CONSTRAINT print_job_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES public.ticket(id);

ALTER TABLE ONLY public.ticket
    ADD CONSTRAINT ticket_counter_id_fkey FOREIGN KEY (counter_id) REFERENCES public.counter(id);

ALTER TABLE ONLY public.ticket
    ADD CONSTRAINT ticket_issued_by_id_fkey FOREIGN KEY (issued_by_id) REFERENCES public."user"(id);

ALTER TABLE ONLY public.ticket
    ADD CONSTRAINT ticket_kiosk_id_fkey FOREIGN KEY (kiosk_id) REFERENCES public.kiosk(id);

ALTER TABLE ONLY public.ticket
    ADD CONSTRAINT ticket_officer_id_fkey FOREIGN KEY (officer_id) REFERENCES public."user"(id);

ALTER TABLE ONLY public.ticket
    ADD CONSTRAINT ticket_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.service(id);

