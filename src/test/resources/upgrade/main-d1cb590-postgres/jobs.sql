--
-- PostgreSQL database dump
--


-- Dumped from database version 14.22
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: public; Type: SCHEMA; Schema: -; Owner: -
--

-- *not* creating schema, since initdb creates it


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: batch_job_execution; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.batch_job_execution (
    job_execution_id bigint NOT NULL,
    version bigint,
    job_instance_id bigint NOT NULL,
    create_time timestamp without time zone NOT NULL,
    start_time timestamp without time zone,
    end_time timestamp without time zone,
    status character varying(10),
    exit_code character varying(2500),
    exit_message character varying(2500),
    last_updated timestamp without time zone
);


--
-- Name: batch_job_execution_context; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.batch_job_execution_context (
    job_execution_id bigint NOT NULL,
    short_context character varying(2500) NOT NULL,
    serialized_context text
);


--
-- Name: batch_job_execution_params; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.batch_job_execution_params (
    job_execution_id bigint NOT NULL,
    parameter_name character varying(100) NOT NULL,
    parameter_type character varying(100) NOT NULL,
    parameter_value character varying(2500),
    identifying character(1) NOT NULL
);


--
-- Name: batch_job_execution_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.batch_job_execution_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: batch_job_instance; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.batch_job_instance (
    job_instance_id bigint NOT NULL,
    version bigint,
    job_name character varying(100) NOT NULL,
    job_key character varying(32) NOT NULL
);


--
-- Name: batch_job_instance_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.batch_job_instance_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: batch_step_execution; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.batch_step_execution (
    step_execution_id bigint NOT NULL,
    version bigint NOT NULL,
    step_name character varying(100) NOT NULL,
    job_execution_id bigint NOT NULL,
    create_time timestamp without time zone NOT NULL,
    start_time timestamp without time zone,
    end_time timestamp without time zone,
    status character varying(10),
    commit_count bigint,
    read_count bigint,
    filter_count bigint,
    write_count bigint,
    read_skip_count bigint,
    write_skip_count bigint,
    process_skip_count bigint,
    rollback_count bigint,
    exit_code character varying(2500),
    exit_message character varying(2500),
    last_updated timestamp without time zone
);


--
-- Name: batch_step_execution_context; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.batch_step_execution_context (
    step_execution_id bigint NOT NULL,
    short_context character varying(2500) NOT NULL,
    serialized_context text
);


--
-- Name: batch_step_execution_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.batch_step_execution_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: flyway_schema_history; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.flyway_schema_history (
    installed_rank integer NOT NULL,
    version character varying(50),
    description character varying(200) NOT NULL,
    type character varying(20) NOT NULL,
    script character varying(1000) NOT NULL,
    checksum integer,
    installed_by character varying(100) NOT NULL,
    installed_on timestamp without time zone DEFAULT now() NOT NULL,
    execution_time integer NOT NULL,
    success boolean NOT NULL
);


--
-- Name: gemcap_answer_failure; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_answer_failure (
    sha256 character varying(64) NOT NULL,
    model character varying(128) NOT NULL,
    request_sha256 character varying(64) NOT NULL,
    failures integer NOT NULL
);


--
-- Name: gemcap_batch; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_batch (
    job_instance_id bigint NOT NULL,
    shard bigint NOT NULL,
    display_name character varying(255) NOT NULL,
    state character varying(16) NOT NULL,
    items integer NOT NULL,
    predicted_tokens bigint NOT NULL,
    file_name character varying(255),
    batch_name character varying(255),
    outcome character varying(1024),
    attempt integer DEFAULT 1 NOT NULL,
    quota_pool character varying(100),
    model character varying(200),
    submitted_at timestamp without time zone
);


--
-- Name: gemcap_batch_failure; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_batch_failure (
    sha256 character varying(64) NOT NULL,
    ended character varying(32) NOT NULL,
    failures integer NOT NULL
);


--
-- Name: gemcap_batch_item; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_batch_item (
    job_instance_id bigint NOT NULL,
    walk_position bigint NOT NULL,
    shard bigint NOT NULL,
    path character varying(4096) NOT NULL,
    sha256 character varying(64) NOT NULL,
    version character varying(255),
    mime character varying(64),
    width integer,
    height integer,
    sent_width integer,
    sent_height integer,
    sent_bytes bigint,
    note character varying(1024)
);


--
-- Name: gemcap_call_intent; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_call_intent (
    job_instance_id bigint NOT NULL,
    job_execution_id bigint NOT NULL,
    path character varying(4096) NOT NULL
);


--
-- Name: gemcap_conversion_mend; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_conversion_mend (
    sha256 character varying(64) NOT NULL,
    model character varying(128) NOT NULL,
    request_sha256 character varying(64) NOT NULL,
    mended_at timestamp without time zone NOT NULL
);


--
-- Name: gemcap_lease; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_lease (
    job_key character varying(64) NOT NULL,
    token character varying(36) NOT NULL,
    host character varying(255) NOT NULL,
    pid bigint NOT NULL,
    expires_at timestamp without time zone NOT NULL
);


--
-- Name: gemcap_ledger; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_ledger (
    sha256 character varying(64) NOT NULL,
    model character varying(128) NOT NULL,
    request_sha256 character varying(64) NOT NULL,
    status character varying(16) NOT NULL,
    caption character varying,
    error character varying,
    finish_reason character varying(64),
    mime character varying(64),
    width integer,
    height integer,
    served_model character varying(128),
    prompt_tokens integer,
    output_tokens integer,
    thought_tokens integer,
    latency_ms bigint,
    recorded_at timestamp without time zone NOT NULL,
    origin character varying(16),
    sent_width integer,
    sent_height integer,
    sent_bytes bigint,
    cost_usd numeric(20,10),
    check_version integer,
    conversion_version integer
);


--
-- Name: gemcap_object; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_object (
    location character varying(4096) NOT NULL,
    version character varying(255) NOT NULL,
    sha256 character varying(64) NOT NULL,
    recorded_at timestamp without time zone NOT NULL
);


--
-- Name: gemcap_prompt; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_prompt (
    sha256 character varying(64) NOT NULL,
    text character varying NOT NULL,
    recorded_at timestamp without time zone NOT NULL
);


--
-- Name: gemcap_quota; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_quota (
    pool character varying(100) NOT NULL,
    model character varying(200) NOT NULL,
    next_slot_us bigint NOT NULL,
    learnt_rpm double precision NOT NULL,
    lowered_at_us bigint NOT NULL,
    window_start_us bigint NOT NULL,
    window_ok bigint NOT NULL,
    previous_window_ok bigint NOT NULL,
    quota_day character varying(10) NOT NULL,
    day_requests bigint NOT NULL,
    least_rpm bigint NOT NULL,
    least_rpm_seen_us bigint NOT NULL,
    least_tpm bigint NOT NULL,
    least_tpm_seen_us bigint NOT NULL,
    least_rpd bigint NOT NULL,
    least_rpd_seen_us bigint NOT NULL,
    round_trips bigint NOT NULL
);


--
-- Name: gemcap_result; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_result (
    job_instance_id bigint NOT NULL,
    job_execution_id bigint NOT NULL,
    path character varying(4096) NOT NULL,
    sha256 character varying(64),
    status character varying(16) NOT NULL,
    caption character varying,
    error character varying,
    finish_reason character varying(64),
    mime character varying(64),
    width integer,
    height integer,
    model character varying(128),
    prompt_tokens integer,
    output_tokens integer,
    thought_tokens integer,
    latency_ms bigint,
    source character varying(16) NOT NULL,
    sent_width integer,
    sent_height integer,
    sent_bytes bigint,
    cost_usd numeric(20,10),
    walk_position bigint
);


--
-- Name: gemcap_run; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_run (
    job_execution_id bigint NOT NULL,
    job_instance_id bigint NOT NULL,
    job_key character varying(64) NOT NULL,
    input_location character varying(4096) NOT NULL,
    output_location character varying(4096) NOT NULL,
    run_number bigint NOT NULL,
    host character varying(255) NOT NULL,
    pid bigint NOT NULL,
    registered_at timestamp without time zone NOT NULL
);


--
-- Name: gemcap_sidecar; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_sidecar (
    location character varying(4096) NOT NULL,
    sha256 character varying(64) NOT NULL
);


--
-- Name: gemcap_spend; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_spend (
    id character varying(64) NOT NULL,
    job_instance_id bigint,
    spend_day date NOT NULL,
    kind character varying(16) NOT NULL,
    holder character varying(36),
    worst_usd numeric(20,10) NOT NULL,
    cost_usd numeric(20,10),
    reserved_at timestamp without time zone NOT NULL,
    alive_until timestamp without time zone
);


--
-- Name: gemcap_spend_lock; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_spend_lock (
    name character varying(16) NOT NULL
);


--
-- Name: gemcap_spend_total; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_spend_total (
    scope character varying(64) NOT NULL,
    usd numeric(20,10) NOT NULL
);


--
-- Name: gemcap_written_file; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_written_file (
    location character varying(4096) NOT NULL,
    sha256 character varying(64) NOT NULL
);


--
-- Data for Name: batch_job_execution; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.batch_job_execution VALUES (1, 3, 1, '2026-12-07 15:25:43.809498', '2026-12-07 15:25:43.83685', '2026-12-07 15:25:50.497878', 'COMPLETED', 'COMPLETED', '', '2026-12-07 15:25:50.498707');
INSERT INTO public.batch_job_execution VALUES (2, 1, 2, '2026-12-07 15:25:55.693842', '2026-12-07 15:25:55.712566', NULL, 'STARTED', 'UNKNOWN', '', '2026-12-07 15:25:55.712779');


--
-- Data for Name: batch_job_execution_context; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.batch_job_execution_context VALUES (1, 'rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAAABAAAAADdAAUZ2VtY2FwLnF1b3RhLnJldHJpZXNzcgAOamF2YS5sYW5nLkxvbmc7i+SQzI8j3wIAAUoABXZhbHVleHIAEGphdmEubGFuZy5OdW1iZXKGrJUdC5TgiwIAAHhwAAAAAAAAAAB0ABhnZW1jYXAucXVvdGEucmF0ZUxpbWl0ZWRxAH4ABXQADWJhdGNoLnZlcnNpb250AAU2LjAuNng=', NULL);
INSERT INTO public.batch_job_execution_context VALUES (2, 'rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAB3CAAAABAAAAAAeA==', NULL);


--
-- Data for Name: batch_job_execution_params; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.batch_job_execution_params VALUES (1, 'promptSha256', 'java.lang.String', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'include', 'java.lang.String', '', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'requestSettings', 'java.lang.String', 'detail=low;media=;thinking-budget=0;thinking-level=;max-output-tokens=256', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'allowShrink', 'java.lang.String', 'false', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'run', 'java.lang.Long', '1', 'Y');
INSERT INTO public.batch_job_execution_params VALUES (1, 'output', 'java.lang.String', '/tmp/gemcap-d1cb590-pg-fixture/out/archive.csv', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'input', 'java.lang.String', '/tmp/gemcap-d1cb590-pg-fixture/archive', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'limit', 'java.lang.Long', '0', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'report', 'java.lang.String', '/tmp/gemcap-d1cb590-pg-fixture/out/archive.html', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'detach', 'java.lang.String', 'false', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'runNumber', 'java.lang.Long', '1', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'model', 'java.lang.String', 'gemini-2.5-flash-lite', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'force', 'java.lang.String', 'false', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'exclude', 'java.lang.String', '', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'job', 'java.lang.String', '32895ce794e090c7752d437114b1ecf60306416d6788b813e84b9df8e178dd26', 'Y');
INSERT INTO public.batch_job_execution_params VALUES (2, 'promptSha256', 'java.lang.String', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'N');
INSERT INTO public.batch_job_execution_params VALUES (2, 'include', 'java.lang.String', '', 'N');
INSERT INTO public.batch_job_execution_params VALUES (2, 'requestSettings', 'java.lang.String', 'detail=low;media=;thinking-budget=0;thinking-level=;max-output-tokens=256', 'N');
INSERT INTO public.batch_job_execution_params VALUES (2, 'allowShrink', 'java.lang.String', 'false', 'N');
INSERT INTO public.batch_job_execution_params VALUES (2, 'run', 'java.lang.Long', '1', 'Y');
INSERT INTO public.batch_job_execution_params VALUES (2, 'output', 'java.lang.String', '/tmp/gemcap-d1cb590-pg-fixture/out/feed.csv', 'N');
INSERT INTO public.batch_job_execution_params VALUES (2, 'input', 'java.lang.String', '/tmp/gemcap-d1cb590-pg-fixture/feed', 'N');
INSERT INTO public.batch_job_execution_params VALUES (2, 'limit', 'java.lang.Long', '0', 'N');
INSERT INTO public.batch_job_execution_params VALUES (2, 'report', 'java.lang.String', '/tmp/gemcap-d1cb590-pg-fixture/out/feed.html', 'N');
INSERT INTO public.batch_job_execution_params VALUES (2, 'detach', 'java.lang.String', 'false', 'N');
INSERT INTO public.batch_job_execution_params VALUES (2, 'runNumber', 'java.lang.Long', '1', 'N');
INSERT INTO public.batch_job_execution_params VALUES (2, 'model', 'java.lang.String', 'gemini-2.5-flash-lite', 'N');
INSERT INTO public.batch_job_execution_params VALUES (2, 'force', 'java.lang.String', 'false', 'N');
INSERT INTO public.batch_job_execution_params VALUES (2, 'exclude', 'java.lang.String', '', 'N');
INSERT INTO public.batch_job_execution_params VALUES (2, 'job', 'java.lang.String', 'f09fdbb3add865307cd235526e3038c511e6331de660f5af0f45cf67027ddebb', 'Y');


--
-- Data for Name: batch_job_instance; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.batch_job_instance VALUES (1, 0, 'caption', '2009fff7650957268b2774726ddcb749');
INSERT INTO public.batch_job_instance VALUES (2, 0, 'caption', '0d72632d16de53e7cfa7caa84a3f238e');


--
-- Data for Name: batch_step_execution; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.batch_step_execution VALUES (1, 10, 'caption', 1, '2026-12-07 15:25:43.896335', '2026-12-07 15:25:43.899743', '2026-12-07 15:25:50.433709', 'COMPLETED', 6, 30, 0, 30, 0, 0, 0, 0, 'COMPLETED', '', '2026-12-07 15:25:50.436452');
INSERT INTO public.batch_step_execution VALUES (2, 4, 'publish', 1, '2026-12-07 15:25:50.47576', '2026-12-07 15:25:50.47694', '2026-12-07 15:25:50.493775', 'COMPLETED', 1, 0, 0, 0, 0, 0, 0, 0, 'COMPLETED', '', '2026-12-07 15:25:50.496192');
INSERT INTO public.batch_step_execution VALUES (3, 4, 'caption', 2, '2026-12-07 15:25:55.775231', '2026-12-07 15:25:55.778886', NULL, 'STARTED', 3, 15, 0, 15, 0, 0, 0, 0, 'EXECUTING', '', '2026-12-07 15:25:59.379822');


--
-- Data for Name: batch_step_execution_context; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.batch_step_execution_context VALUES (2, 'rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAAABAAAAADdAARYmF0Y2gudGFza2xldFR5cGV0AEVpby5nZW1jYXAuam9iLkNhcHRpb25Kb2JDb25maWd1cmF0aW9uJCRMYW1iZGEkMTAwNC8weDAwMDA3ZjQ2MDQ0ZTZhZDB0AA1iYXRjaC52ZXJzaW9udAAFNi4wLjZ0AA5iYXRjaC5zdGVwVHlwZXQAN29yZy5zcHJpbmdmcmFtZXdvcmsuYmF0Y2guY29yZS5zdGVwLnRhc2tsZXQuVGFza2xldFN0ZXB4', NULL);
INSERT INTO public.batch_step_execution_context VALUES (3, 'rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAAABAAAAALdAATaW1hZ2VSZWFkZXIubGFzdEtleXQAC2EvaW1nNTgucG5ndAAeaW1hZ2VSZWFkZXIuc2tpcHBlZC51bnJlYWRhYmxlc3IADmphdmEubGFuZy5Mb25nO4vkkMyPI98CAAFKAAV2YWx1ZXhyABBqYXZhLmxhbmcuTnVtYmVyhqyVHQuU4IsCAAB4cAAAAAAAAAAAdAAcaW1hZ2VSZWFkZXIuc2tpcHBlZC5leGNsdWRlZHEAfgAHdAARY3N2V3JpdGVyLndyaXR0ZW5zcQB+AAUAAAAAAAAAD3QAGmltYWdlUmVhZGVyLnNraXBwZWQuaGlkZGVucQB+AAd0ACBpbWFnZVJlYWRlci5za2lwcGVkLnN5bWxpbmtMb29wc3EAfgAHdAAXY3N2V3JpdGVyLmN1cnJlbnQuY291bnRzcQB+AAUAAAAAAAAN33QADWJhdGNoLnZlcnNpb250AAU2LjAuNnQAEmltYWdlUmVhZGVyLmhhbmRlZHEAfgAKdAAOYmF0Y2guc3RlcFR5cGV0ADpvcmcuc3ByaW5nZnJhbWV3b3JrLmJhdGNoLmNvcmUuc3RlcC5pdGVtLkNodW5rT3JpZW50ZWRTdGVwdAAeaW1hZ2VSZWFkZXIuc2tpcHBlZC5vdGhlclR5cGVzcQB+AAd4', NULL);
INSERT INTO public.batch_step_execution_context VALUES (1, 'rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAAABAAAAALdAATaW1hZ2VSZWFkZXIubGFzdEtleXQAC2IvaW1nMjkucG5ndAAeaW1hZ2VSZWFkZXIuc2tpcHBlZC51bnJlYWRhYmxlc3IADmphdmEubGFuZy5Mb25nO4vkkMyPI98CAAFKAAV2YWx1ZXhyABBqYXZhLmxhbmcuTnVtYmVyhqyVHQuU4IsCAAB4cAAAAAAAAAAAdAAcaW1hZ2VSZWFkZXIuc2tpcHBlZC5leGNsdWRlZHEAfgAHdAARY3N2V3JpdGVyLndyaXR0ZW5zcQB+AAUAAAAAAAAAHnQAGmltYWdlUmVhZGVyLnNraXBwZWQuaGlkZGVucQB+AAd0ACBpbWFnZVJlYWRlci5za2lwcGVkLnN5bWxpbmtMb29wc3EAfgAHdAAXY3N2V3JpdGVyLmN1cnJlbnQuY291bnRzcQB+AAUAAAAAAAAbDnQADWJhdGNoLnZlcnNpb250AAU2LjAuNnQAEmltYWdlUmVhZGVyLmhhbmRlZHEAfgAKdAAOYmF0Y2guc3RlcFR5cGV0ADpvcmcuc3ByaW5nZnJhbWV3b3JrLmJhdGNoLmNvcmUuc3RlcC5pdGVtLkNodW5rT3JpZW50ZWRTdGVwdAAeaW1hZ2VSZWFkZXIuc2tpcHBlZC5vdGhlclR5cGVzcQB+AAd4', NULL);


--
-- Data for Name: flyway_schema_history; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.flyway_schema_history VALUES (1, '1', 'baseline', 'SQL', 'V1__baseline.sql', -1763292743, 'postgres', '2026-12-07 15:25:41.953738', 19, true);
INSERT INTO public.flyway_schema_history VALUES (2, '2', 'prompt texts', 'SQL', 'V2__prompt_texts.sql', 2138411932, 'postgres', '2026-12-07 15:25:42.011369', 6, true);
INSERT INTO public.flyway_schema_history VALUES (3, '3', 'call intents', 'SQL', 'V3__call_intents.sql', 1014760895, 'postgres', '2026-12-07 15:25:42.036815', 6, true);
INSERT INTO public.flyway_schema_history VALUES (4, '4', 'request fingerprint and cost', 'SQL', 'V4__request_fingerprint_and_cost.sql', 1374595107, 'postgres', '2026-12-07 15:25:42.05381', 6, true);
INSERT INTO public.flyway_schema_history VALUES (5, '5', 'batch mode', 'SQL', 'V5__batch_mode.sql', 575211007, 'postgres', '2026-12-07 15:25:42.076095', 11, true);
INSERT INTO public.flyway_schema_history VALUES (6, '6', 'batch failures', 'SQL', 'V6__batch_failures.sql', -1757910681, 'postgres', '2026-12-07 15:25:42.093742', 7, true);
INSERT INTO public.flyway_schema_history VALUES (7, '7', 'sidecars', 'SQL', 'V7__sidecars.sql', 1906778495, 'postgres', '2026-12-07 15:25:42.107602', 4, true);
INSERT INTO public.flyway_schema_history VALUES (8, '8', 'answer failures', 'SQL', 'V8__answer_failures.sql', 250546914, 'postgres', '2026-12-07 15:25:42.117826', 7, true);
INSERT INTO public.flyway_schema_history VALUES (9, '9', 'written files', 'SQL', 'V9__written_files.sql', 1909581525, 'postgres', '2026-12-07 15:25:42.132112', 9, true);
INSERT INTO public.flyway_schema_history VALUES (10, '10', 'conversion version', 'SQL', 'V10__conversion_version.sql', 1057458775, 'postgres', '2026-12-07 15:25:42.150086', 6, true);
INSERT INTO public.flyway_schema_history VALUES (11, '11', 'batch attempts', 'SQL', 'V11__batch_attempts.sql', 25527959, 'postgres', '2026-12-07 15:25:42.167016', 2, true);
INSERT INTO public.flyway_schema_history VALUES (12, '12', 'quota pools', 'SQL', 'V12__quota_pools.sql', -1078393922, 'postgres', '2026-12-07 15:25:42.174723', 4, true);
INSERT INTO public.flyway_schema_history VALUES (13, '13', 'spend', 'SQL', 'V13__spend.sql', -1622911128, 'postgres', '2026-12-07 15:25:42.189819', 11, true);


--
-- Data for Name: gemcap_answer_failure; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: gemcap_batch; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: gemcap_batch_failure; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: gemcap_batch_item; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: gemcap_call_intent; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'a/img00.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'a/img02.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'a/img06.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'a/img04.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'a/img08.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'a/img10.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'a/img12.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'a/img14.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'a/img16.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'a/img18.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'a/img20.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'a/img22.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'a/img24.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'a/img26.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'a/img28.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'b/img01.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'b/img03.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'b/img05.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'b/img07.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'b/img09.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'b/img11.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'b/img13.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'b/img15.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'b/img17.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'b/img19.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'b/img21.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'b/img23.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'b/img25.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'b/img27.png');
INSERT INTO public.gemcap_call_intent VALUES (1, 1, 'b/img29.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'a/img30.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'a/img32.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'a/img34.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'a/img36.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'a/img38.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'a/img40.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'a/img42.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'a/img44.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'a/img46.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'a/img48.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'a/img50.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'a/img52.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'a/img54.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'a/img56.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'a/img58.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'b/img31.png');
INSERT INTO public.gemcap_call_intent VALUES (2, 2, 'b/img33.png');


--
-- Data for Name: gemcap_conversion_mend; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: gemcap_lease; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gemcap_lease VALUES ('0c8a499832d9f1bb7567e0b9f9043c57d974d27ee8574ba855568436759f8cca', '0d59ee89-d7d9-4e10-8e04-92671ea78934', 'vm', 12648, '2026-12-07 15:26:55.251721');


--
-- Data for Name: gemcap_ledger; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gemcap_ledger VALUES ('02face63fb127d0d7e89afe1b247bbebbe5411dfa7b2342d8e39e749445b3af0', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #00ff00 (fingerprint 02face63fb12).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 410, '2026-12-07 15:25:45.380477', 'call', 16, 16, 78, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('4dbc99ec272b61e5779ff425253c0b1e75b35be944e709be5f4b82a2a759d3bc', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #20df18 (fingerprint 4dbc99ec272b).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 409, '2026-12-07 15:25:45.380477', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('b74684a44694dcec7e0e89607d5a84c5af70ff785cb8c736518f8fa3dc653f66', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #08f706 (fingerprint b74684a44694).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 411, '2026-12-07 15:25:45.380477', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('c0bf5946862c877a17a738e1d81e71cf38ca78fdfaf9cbca37f0f391ad676ce8', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #10ef0c (fingerprint c0bf5946862c).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 416, '2026-12-07 15:25:45.380477', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('cb360adbaf73986ac52b8c2e54561958a12dd310327224fee418e4fbd0233e21', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #18e712 (fingerprint cb360adbaf73).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 416, '2026-12-07 15:25:45.380477', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('0d52cc79b0cd02ee6cd61d63d8fdf614ace9cfc9c6eda54d6e2dabd30633b174', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #40bf30 (fingerprint 0d52cc79b0cd).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 407, '2026-12-07 15:25:46.235136', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('103ff1c9cdd0eb503cdb522565779ebd8f062a41314900816bf1f5636c5cc4d7', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #48b736 (fingerprint 103ff1c9cdd0).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 406, '2026-12-07 15:25:46.235136', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('5ad004ea352341af162d0947102ec0999f8aa55b7ac7991ee08f54fcc6d8b786', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #30cf24 (fingerprint 5ad004ea3523).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 416, '2026-12-07 15:25:46.235136', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('7cf5823b49191ea18aaf888aaf2c1b9ea21e694307f1cf4834a513a190aeb34f', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #28d71e (fingerprint 7cf5823b4919).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 412, '2026-12-07 15:25:46.235136', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('cc1e99f3394f2e2f775de12dbe98eb1649e1642d58ef82b06c07435324bd21a2', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #38c72a (fingerprint cc1e99f3394f).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 419, '2026-12-07 15:25:46.235136', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('0335d9c6d4e17cf809bbaea9c038cb39e637229af2c913ab13ff7cd322a66280', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #708f54 (fingerprint 0335d9c6d4e1).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 411, '2026-12-07 15:25:47.493185', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('3a72c5a8d8983da85282483876a9a5ce859ff46a38d92d40d5f9a34c819acaef', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #609f48 (fingerprint 3a72c5a8d898).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 406, '2026-12-07 15:25:47.493185', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('6fe6f500ed9d023ba83acaf4064aaee59682e4dc4b2ef896ae412e4208da219c', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #68974e (fingerprint 6fe6f500ed9d).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 411, '2026-12-07 15:25:47.493185', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('7d56ae6839a066c4d3f1b6e98ada8bbbc6f00fa843d97b5b0e10da5a5c298ffc', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #58a742 (fingerprint 7d56ae6839a0).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 408, '2026-12-07 15:25:47.493185', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('e33e13eb98897ac3b6b054d4f3625f6d94662cba9af3f5db78d854c8993793f9', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #50af3c (fingerprint e33e13eb9889).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 411, '2026-12-07 15:25:47.493185', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('119b0a219f2746c871c1c3729827f394a36145bd9c80c3a2656a1f4063e9ff0d', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #0cf309 (fingerprint 119b0a219f27).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 407, '2026-12-07 15:25:48.337076', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('1999b9dae9c084721bd60d45730022be65ec98c38e48ecfc050fa455e6e005b2', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #04fb03 (fingerprint 1999b9dae9c0).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 416, '2026-12-07 15:25:48.337076', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('236ab967b6e10296b786551054a30514104169d8af8b7e32cee0e6952bbcf936', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #1ce315 (fingerprint 236ab967b6e1).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 408, '2026-12-07 15:25:48.337076', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('dd5b0eaeb69c74c28edf3a4ccbdbc04a60355e4d144e28d4ceb6810cb6f03213', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #24db1b (fingerprint dd5b0eaeb69c).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 406, '2026-12-07 15:25:48.337076', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('f34eb8580893f2a565498924b919e682b18edd9a9f684b6ee1572104e51188c0', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #14eb0f (fingerprint f34eb8580893).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 405, '2026-12-07 15:25:48.337076', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('4132e9ae716c182927e2836cf2ab49313ba9c980a6c6f854303d31b39fdbc4b9', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #2cd321 (fingerprint 4132e9ae716c).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 408, '2026-12-07 15:25:49.571754', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('5f7105f8a7fdaf25e7e3de9babd99fdb25e805761ca601390f3643ac6b09576e', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #4cb339 (fingerprint 5f7105f8a7fd).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 407, '2026-12-07 15:25:49.571754', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('9dc7866a6c0716ff261892d730792b5ef92bc7306562c21520f2e173ca9869e1', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #44bb33 (fingerprint 9dc7866a6c07).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 406, '2026-12-07 15:25:49.571754', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('dd3410d641e04ca85929b4a80d3708a9c2c81368189d2cbad0e4e76090b2dcc5', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #34cb27 (fingerprint dd3410d641e0).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 409, '2026-12-07 15:25:49.571754', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('fb1bf7c945ba55d3b82ab082d19e2e9868491bbecaab16aa1b224b21b65f5b1f', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #3cc32d (fingerprint fb1bf7c945ba).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 407, '2026-12-07 15:25:49.571754', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('0f8d33de4dbeed0f28f98e1dca51cf99937a860b98440036af31ec0392413fb4', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #6c9351 (fingerprint 0f8d33de4dbe).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 405, '2026-12-07 15:25:50.430135', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('197304418629f3703acd67ce52a500868323918c415c055970873a4884021ad8', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #54ab3f (fingerprint 197304418629).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 406, '2026-12-07 15:25:50.430135', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('db8c1fe6ede602adc5d021134f9bd68065949d79f6fbf509a0fae6af0a282378', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #649b4b (fingerprint db8c1fe6ede6).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 407, '2026-12-07 15:25:50.430135', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('e686823625764bb0f188e9f9df5a4a4f14a429984ef297369e512d4240407b28', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #5ca345 (fingerprint e68682362576).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 407, '2026-12-07 15:25:50.430135', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('f92334a474ec1e916ba87c028c13789770fba472926d41fa381251f341a9697e', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #748b57 (fingerprint f92334a474ec).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 405, '2026-12-07 15:25:50.430135', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('33204e732f3fab5943b6b56c113a4982bb11e43204c70685344671b1b05b7f62', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #906f6c (fingerprint 33204e732f3f).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 413, '2026-12-07 15:25:57.276419', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('791b6dd2f0f6b6de368bc814ada303fcf2f47c10971ffd6074455c8967cd5dc5', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #986772 (fingerprint 791b6dd2f0f6).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 410, '2026-12-07 15:25:57.276419', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('9be29259ca7ff789fc5445189dea48c3f1630251520dc4cb23902a2b24c3ff4e', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #78875a (fingerprint 9be29259ca7f).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 407, '2026-12-07 15:25:57.276419', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('c89e60cf205e891e7daa96e6c2ceeffd56268b4d617430efa7b563ed13df909b', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #807f60 (fingerprint c89e60cf205e).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 413, '2026-12-07 15:25:57.276419', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('cc00061a1654e2c1e784862b6c9e0ceb4b24ce94c93bfbedae7491ddbea9abbc', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #887766 (fingerprint cc00061a1654).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 411, '2026-12-07 15:25:57.276419', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('24836b6cb457cea5be9aafa85cb21caa5c9d84600cc8e3577ca4413f2edd410c', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #b8478a (fingerprint 24836b6cb457).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 407, '2026-12-07 15:25:58.150826', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('7254824e1301d8d80b35b774f7d5bec6e92cf965f5042e83a6c637db17e287e6', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #c03f90 (fingerprint 7254824e1301).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 408, '2026-12-07 15:25:58.150826', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('a36147cb679fd0b57d2e1eceed986dda0bc92b0da11edb8ac47d0e865043378b', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #a05f78 (fingerprint a36147cb679f).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 410, '2026-12-07 15:25:58.150826', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('d37b35de71442f0793e1548e4b9ccf1ec54bf80f297a3a3963a7f15592cfc0e1', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #b04f84 (fingerprint d37b35de7144).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 415, '2026-12-07 15:25:58.150826', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('ea448e91bf6862f193c299d5da8142d1520a7b642548e846b10c80a7589e8b84', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #a8577e (fingerprint ea448e91bf68).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 434, '2026-12-07 15:25:58.150826', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('09ba7de05282da1bf33db92db285df73fd2e8d8a913521b5d2c747e57f787b1e', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #d02f9c (fingerprint 09ba7de05282).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 409, '2026-12-07 15:25:59.375301', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('68fd69ba6181d3616f51ef48b8b419b7c2b10778b5b97e98ab4b48014efff95b', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #e817ae (fingerprint 68fd69ba6181).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 408, '2026-12-07 15:25:59.375301', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('75ec87aaa0e9a1817657d0f530c891f0921c26b657dea1feb71e461211793ba6', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #e01fa8 (fingerprint 75ec87aaa0e9).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 405, '2026-12-07 15:25:59.375301', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('a2e4ce64b276ad0c13ae8d8dd425509e82bc6af0f54ba8fd047d99cf673c07b7', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #c83796 (fingerprint a2e4ce64b276).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 405, '2026-12-07 15:25:59.375301', 'call', 16, 16, 79, 0.0000359000, 2, 2);
INSERT INTO public.gemcap_ledger VALUES ('d09d2d99be563da1091861929b4701b862c80cfd4a692bc092604e398b28bb8e', 'gemini-2.5-flash-lite', '03d8ef25c2296a30f1f4a9bb77dba68f2c36bccefe6c0368437201c31e37fa6f', 'ok', 'A 16x16 PNG image, mostly #d827a2 (fingerprint d09d2d99be56).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 406, '2026-12-07 15:25:59.375301', 'call', 16, 16, 79, 0.0000359000, 2, 2);


--
-- Data for Name: gemcap_object; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: gemcap_prompt; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gemcap_prompt VALUES ('e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'Write one factual caption for this image in a single sentence of at most 25 words: the main subject, what it is doing, and the setting. No preamble.', '2026-12-07 15:25:43.722742');


--
-- Data for Name: gemcap_quota; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gemcap_quota VALUES ('key-4dd960ab3ac3b576', 'gemini-2.5-flash-lite', 1796657159549970, 0, 0, 1796657100000000, 41, 0, '2026-12-07', 108, 4000, 1796657158539708, 4000000, 1796657158539708, 0, 0, 9);


--
-- Data for Name: gemcap_result; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img00.png', '02face63fb127d0d7e89afe1b247bbebbe5411dfa7b2342d8e39e749445b3af0', 'ok', 'A 16x16 PNG image, mostly #00ff00 (fingerprint 02face63fb12).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 410, 'call', 16, 16, 78, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img02.png', 'b74684a44694dcec7e0e89607d5a84c5af70ff785cb8c736518f8fa3dc653f66', 'ok', 'A 16x16 PNG image, mostly #08f706 (fingerprint b74684a44694).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 411, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img04.png', 'c0bf5946862c877a17a738e1d81e71cf38ca78fdfaf9cbca37f0f391ad676ce8', 'ok', 'A 16x16 PNG image, mostly #10ef0c (fingerprint c0bf5946862c).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 416, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img06.png', 'cb360adbaf73986ac52b8c2e54561958a12dd310327224fee418e4fbd0233e21', 'ok', 'A 16x16 PNG image, mostly #18e712 (fingerprint cb360adbaf73).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 416, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img08.png', '4dbc99ec272b61e5779ff425253c0b1e75b35be944e709be5f4b82a2a759d3bc', 'ok', 'A 16x16 PNG image, mostly #20df18 (fingerprint 4dbc99ec272b).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 409, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img10.png', '7cf5823b49191ea18aaf888aaf2c1b9ea21e694307f1cf4834a513a190aeb34f', 'ok', 'A 16x16 PNG image, mostly #28d71e (fingerprint 7cf5823b4919).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 412, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img12.png', '5ad004ea352341af162d0947102ec0999f8aa55b7ac7991ee08f54fcc6d8b786', 'ok', 'A 16x16 PNG image, mostly #30cf24 (fingerprint 5ad004ea3523).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 416, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img14.png', 'cc1e99f3394f2e2f775de12dbe98eb1649e1642d58ef82b06c07435324bd21a2', 'ok', 'A 16x16 PNG image, mostly #38c72a (fingerprint cc1e99f3394f).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 419, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img16.png', '0d52cc79b0cd02ee6cd61d63d8fdf614ace9cfc9c6eda54d6e2dabd30633b174', 'ok', 'A 16x16 PNG image, mostly #40bf30 (fingerprint 0d52cc79b0cd).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 407, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img18.png', '103ff1c9cdd0eb503cdb522565779ebd8f062a41314900816bf1f5636c5cc4d7', 'ok', 'A 16x16 PNG image, mostly #48b736 (fingerprint 103ff1c9cdd0).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 406, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img20.png', 'e33e13eb98897ac3b6b054d4f3625f6d94662cba9af3f5db78d854c8993793f9', 'ok', 'A 16x16 PNG image, mostly #50af3c (fingerprint e33e13eb9889).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 411, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img22.png', '7d56ae6839a066c4d3f1b6e98ada8bbbc6f00fa843d97b5b0e10da5a5c298ffc', 'ok', 'A 16x16 PNG image, mostly #58a742 (fingerprint 7d56ae6839a0).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 408, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img24.png', '3a72c5a8d8983da85282483876a9a5ce859ff46a38d92d40d5f9a34c819acaef', 'ok', 'A 16x16 PNG image, mostly #609f48 (fingerprint 3a72c5a8d898).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 406, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img26.png', '6fe6f500ed9d023ba83acaf4064aaee59682e4dc4b2ef896ae412e4208da219c', 'ok', 'A 16x16 PNG image, mostly #68974e (fingerprint 6fe6f500ed9d).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 411, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img28.png', '0335d9c6d4e17cf809bbaea9c038cb39e637229af2c913ab13ff7cd322a66280', 'ok', 'A 16x16 PNG image, mostly #708f54 (fingerprint 0335d9c6d4e1).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 411, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img01.png', '1999b9dae9c084721bd60d45730022be65ec98c38e48ecfc050fa455e6e005b2', 'ok', 'A 16x16 PNG image, mostly #04fb03 (fingerprint 1999b9dae9c0).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 416, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img03.png', '119b0a219f2746c871c1c3729827f394a36145bd9c80c3a2656a1f4063e9ff0d', 'ok', 'A 16x16 PNG image, mostly #0cf309 (fingerprint 119b0a219f27).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 407, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img05.png', 'f34eb8580893f2a565498924b919e682b18edd9a9f684b6ee1572104e51188c0', 'ok', 'A 16x16 PNG image, mostly #14eb0f (fingerprint f34eb8580893).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 405, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img07.png', '236ab967b6e10296b786551054a30514104169d8af8b7e32cee0e6952bbcf936', 'ok', 'A 16x16 PNG image, mostly #1ce315 (fingerprint 236ab967b6e1).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 408, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img09.png', 'dd5b0eaeb69c74c28edf3a4ccbdbc04a60355e4d144e28d4ceb6810cb6f03213', 'ok', 'A 16x16 PNG image, mostly #24db1b (fingerprint dd5b0eaeb69c).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 406, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img11.png', '4132e9ae716c182927e2836cf2ab49313ba9c980a6c6f854303d31b39fdbc4b9', 'ok', 'A 16x16 PNG image, mostly #2cd321 (fingerprint 4132e9ae716c).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 408, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img13.png', 'dd3410d641e04ca85929b4a80d3708a9c2c81368189d2cbad0e4e76090b2dcc5', 'ok', 'A 16x16 PNG image, mostly #34cb27 (fingerprint dd3410d641e0).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 409, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img15.png', 'fb1bf7c945ba55d3b82ab082d19e2e9868491bbecaab16aa1b224b21b65f5b1f', 'ok', 'A 16x16 PNG image, mostly #3cc32d (fingerprint fb1bf7c945ba).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 407, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img17.png', '9dc7866a6c0716ff261892d730792b5ef92bc7306562c21520f2e173ca9869e1', 'ok', 'A 16x16 PNG image, mostly #44bb33 (fingerprint 9dc7866a6c07).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 406, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img19.png', '5f7105f8a7fdaf25e7e3de9babd99fdb25e805761ca601390f3643ac6b09576e', 'ok', 'A 16x16 PNG image, mostly #4cb339 (fingerprint 5f7105f8a7fd).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 407, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img21.png', '197304418629f3703acd67ce52a500868323918c415c055970873a4884021ad8', 'ok', 'A 16x16 PNG image, mostly #54ab3f (fingerprint 197304418629).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 406, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img23.png', 'e686823625764bb0f188e9f9df5a4a4f14a429984ef297369e512d4240407b28', 'ok', 'A 16x16 PNG image, mostly #5ca345 (fingerprint e68682362576).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 407, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img25.png', 'db8c1fe6ede602adc5d021134f9bd68065949d79f6fbf509a0fae6af0a282378', 'ok', 'A 16x16 PNG image, mostly #649b4b (fingerprint db8c1fe6ede6).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 407, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img27.png', '0f8d33de4dbeed0f28f98e1dca51cf99937a860b98440036af31ec0392413fb4', 'ok', 'A 16x16 PNG image, mostly #6c9351 (fingerprint 0f8d33de4dbe).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 405, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img29.png', 'f92334a474ec1e916ba87c028c13789770fba472926d41fa381251f341a9697e', 'ok', 'A 16x16 PNG image, mostly #748b57 (fingerprint f92334a474ec).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 405, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (2, 2, 'a/img30.png', '9be29259ca7ff789fc5445189dea48c3f1630251520dc4cb23902a2b24c3ff4e', 'ok', 'A 16x16 PNG image, mostly #78875a (fingerprint 9be29259ca7f).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 407, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (2, 2, 'a/img32.png', 'c89e60cf205e891e7daa96e6c2ceeffd56268b4d617430efa7b563ed13df909b', 'ok', 'A 16x16 PNG image, mostly #807f60 (fingerprint c89e60cf205e).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 413, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (2, 2, 'a/img34.png', 'cc00061a1654e2c1e784862b6c9e0ceb4b24ce94c93bfbedae7491ddbea9abbc', 'ok', 'A 16x16 PNG image, mostly #887766 (fingerprint cc00061a1654).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 411, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (2, 2, 'a/img36.png', '33204e732f3fab5943b6b56c113a4982bb11e43204c70685344671b1b05b7f62', 'ok', 'A 16x16 PNG image, mostly #906f6c (fingerprint 33204e732f3f).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 413, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (2, 2, 'a/img38.png', '791b6dd2f0f6b6de368bc814ada303fcf2f47c10971ffd6074455c8967cd5dc5', 'ok', 'A 16x16 PNG image, mostly #986772 (fingerprint 791b6dd2f0f6).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 410, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (2, 2, 'a/img40.png', 'a36147cb679fd0b57d2e1eceed986dda0bc92b0da11edb8ac47d0e865043378b', 'ok', 'A 16x16 PNG image, mostly #a05f78 (fingerprint a36147cb679f).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 410, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (2, 2, 'a/img42.png', 'ea448e91bf6862f193c299d5da8142d1520a7b642548e846b10c80a7589e8b84', 'ok', 'A 16x16 PNG image, mostly #a8577e (fingerprint ea448e91bf68).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 434, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (2, 2, 'a/img44.png', 'd37b35de71442f0793e1548e4b9ccf1ec54bf80f297a3a3963a7f15592cfc0e1', 'ok', 'A 16x16 PNG image, mostly #b04f84 (fingerprint d37b35de7144).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 415, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (2, 2, 'a/img46.png', '24836b6cb457cea5be9aafa85cb21caa5c9d84600cc8e3577ca4413f2edd410c', 'ok', 'A 16x16 PNG image, mostly #b8478a (fingerprint 24836b6cb457).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 407, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (2, 2, 'a/img48.png', '7254824e1301d8d80b35b774f7d5bec6e92cf965f5042e83a6c637db17e287e6', 'ok', 'A 16x16 PNG image, mostly #c03f90 (fingerprint 7254824e1301).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 408, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (2, 2, 'a/img50.png', 'a2e4ce64b276ad0c13ae8d8dd425509e82bc6af0f54ba8fd047d99cf673c07b7', 'ok', 'A 16x16 PNG image, mostly #c83796 (fingerprint a2e4ce64b276).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 405, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (2, 2, 'a/img52.png', '09ba7de05282da1bf33db92db285df73fd2e8d8a913521b5d2c747e57f787b1e', 'ok', 'A 16x16 PNG image, mostly #d02f9c (fingerprint 09ba7de05282).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 409, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (2, 2, 'a/img54.png', 'd09d2d99be563da1091861929b4701b862c80cfd4a692bc092604e398b28bb8e', 'ok', 'A 16x16 PNG image, mostly #d827a2 (fingerprint d09d2d99be56).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 406, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (2, 2, 'a/img56.png', '75ec87aaa0e9a1817657d0f530c891f0921c26b657dea1feb71e461211793ba6', 'ok', 'A 16x16 PNG image, mostly #e01fa8 (fingerprint 75ec87aaa0e9).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 405, 'call', 16, 16, 79, 0.0000359000, NULL);
INSERT INTO public.gemcap_result VALUES (2, 2, 'a/img58.png', '68fd69ba6181d3616f51ef48b8b419b7c2b10778b5b97e98ab4b48014efff95b', 'ok', 'A 16x16 PNG image, mostly #e817ae (fingerprint 68fd69ba6181).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash-lite', 295, 16, NULL, 408, 'call', 16, 16, 79, 0.0000359000, NULL);


--
-- Data for Name: gemcap_run; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gemcap_run VALUES (1, 1, '32895ce794e090c7752d437114b1ecf60306416d6788b813e84b9df8e178dd26', '/tmp/gemcap-d1cb590-pg-fixture/archive', '/tmp/gemcap-d1cb590-pg-fixture/out/archive.csv', 1, 'vm', 12542, '2026-12-07 15:25:43.844946');
INSERT INTO public.gemcap_run VALUES (2, 2, 'f09fdbb3add865307cd235526e3038c511e6331de660f5af0f45cf67027ddebb', '/tmp/gemcap-d1cb590-pg-fixture/feed', '/tmp/gemcap-d1cb590-pg-fixture/out/feed.csv', 1, 'vm', 12648, '2026-12-07 15:25:55.720264');


--
-- Data for Name: gemcap_sidecar; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: gemcap_spend; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gemcap_spend VALUES ('09c13f96-3693-41f6-b624-2ba24177bf11', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:48.341219', NULL);
INSERT INTO public.gemcap_spend VALUES ('96fbcad0-dd87-4d76-8c0e-48df0769e519', 1, '2026-12-07', 'check', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000355000, '2026-12-07 15:25:43.214893', NULL);
INSERT INTO public.gemcap_spend VALUES ('3bc125fb-42c5-4033-b4e0-c03079696cea', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:44.057448', NULL);
INSERT INTO public.gemcap_spend VALUES ('45afd6a5-b698-4945-abf2-9f55d113a4bc', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:44.058492', NULL);
INSERT INTO public.gemcap_spend VALUES ('ca9a3d02-5acf-41d4-b222-d3e69c1720b4', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:44.50763', NULL);
INSERT INTO public.gemcap_spend VALUES ('3c991cab-2b20-4b43-b122-890b52abeb67', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:44.508183', NULL);
INSERT INTO public.gemcap_spend VALUES ('46d77c6f-4b5c-4287-9b7f-004c2c7131d5', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:44.938629', NULL);
INSERT INTO public.gemcap_spend VALUES ('7bb27e99-04aa-480b-ba15-24228dd96ff1', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:44.948607', NULL);
INSERT INTO public.gemcap_spend VALUES ('291c8775-db98-457a-9427-a06a003e843b', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:45.361094', NULL);
INSERT INTO public.gemcap_spend VALUES ('8156b5cf-cf3f-43d6-9f80-9515d705d6d8', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:45.3746', NULL);
INSERT INTO public.gemcap_spend VALUES ('2bec459a-e13d-4dca-8313-96ca667ee47a', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:45.798969', NULL);
INSERT INTO public.gemcap_spend VALUES ('c1bd33a6-037a-444b-bf6e-bbf82c19ffe2', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:45.811525', NULL);
INSERT INTO public.gemcap_spend VALUES ('79a111a6-d93a-4935-a05c-719e70d409b5', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:46.224556', NULL);
INSERT INTO public.gemcap_spend VALUES ('c5c257b1-dbf0-46f0-8c70-5aa9c3bf50e7', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:46.235221', NULL);
INSERT INTO public.gemcap_spend VALUES ('6526553f-8d96-4134-a684-526e0b6ff17d', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:46.645561', NULL);
INSERT INTO public.gemcap_spend VALUES ('61d3c825-bb51-44f4-be00-e8b74e0ba27a', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:46.658024', NULL);
INSERT INTO public.gemcap_spend VALUES ('582c4aab-fc1f-4726-b12e-15e5cffc0297', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:47.066229', NULL);
INSERT INTO public.gemcap_spend VALUES ('7ea007d6-72e9-4647-9b70-84c99d3b5ffd', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:47.085586', NULL);
INSERT INTO public.gemcap_spend VALUES ('56d0b9a1-4d1a-4565-973d-971269202947', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:47.486842', NULL);
INSERT INTO public.gemcap_spend VALUES ('f9b35487-2041-4959-ad0c-21eff1dcd1b8', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:47.50883', NULL);
INSERT INTO public.gemcap_spend VALUES ('7cef459c-13f1-4e65-8a59-5cbb340a0ad8', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:48.737862', NULL);
INSERT INTO public.gemcap_spend VALUES ('c3ef36e5-5562-4fb6-a42f-62b97bb31fef', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:47.903587', NULL);
INSERT INTO public.gemcap_spend VALUES ('3e59509a-e3f3-404f-9169-2da0b3ad1c59', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:47.922427', NULL);
INSERT INTO public.gemcap_spend VALUES ('c34ada4d-0c6d-4a73-8a85-d3cd1a749ac6', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:48.322695', NULL);
INSERT INTO public.gemcap_spend VALUES ('d8d77a25-ca03-43d1-8a08-58d17994cc6c', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:48.763107', NULL);
INSERT INTO public.gemcap_spend VALUES ('9b64fd2e-d533-409f-909b-f520a2e7ce38', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:49.15495', NULL);
INSERT INTO public.gemcap_spend VALUES ('ce0a9adf-eca4-4894-88c1-2542d9860c15', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:49.183246', NULL);
INSERT INTO public.gemcap_spend VALUES ('64cc086a-7f32-49fa-870f-7696c30ae1a7', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:49.577585', NULL);
INSERT INTO public.gemcap_spend VALUES ('2145d7bb-7145-4eca-8d2c-6033e7bf2a25', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:49.602408', NULL);
INSERT INTO public.gemcap_spend VALUES ('e6003de7-3bbd-4393-8752-4fc2cfa0f190', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:49.992372', NULL);
INSERT INTO public.gemcap_spend VALUES ('64fbb8be-680d-44b0-a582-832360c866df', 1, '2026-12-07', 'call', '8f3a86eb-bf3f-49d3-86fb-caccace59935', 0.0001349000, 0.0000359000, '2026-12-07 15:25:50.016561', NULL);
INSERT INTO public.gemcap_spend VALUES ('18cb0cf7-d220-49d6-aa29-63664fa8a8ac', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, 0.0000359000, '2026-12-07 15:25:56.403942', NULL);
INSERT INTO public.gemcap_spend VALUES ('9efac629-1dd9-4da3-86b8-cf16c2bdb99a', 2, '2026-12-07', 'check', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, 0.0000355000, '2026-12-07 15:25:55.298898', NULL);
INSERT INTO public.gemcap_spend VALUES ('8491c41f-c971-42a3-98de-a5e475d02112', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, 0.0000359000, '2026-12-07 15:25:55.961005', NULL);
INSERT INTO public.gemcap_spend VALUES ('43cf8b3e-d958-4a61-8347-420a8ec26b21', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, 0.0000359000, '2026-12-07 15:25:55.960082', NULL);
INSERT INTO public.gemcap_spend VALUES ('0277f2ee-ca3c-4099-b3dd-e4367e637808', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, 0.0000359000, '2026-12-07 15:25:56.415328', NULL);
INSERT INTO public.gemcap_spend VALUES ('08d30a90-96c1-4a72-b304-4f55b6abde1f', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, 0.0000359000, '2026-12-07 15:25:56.826722', NULL);
INSERT INTO public.gemcap_spend VALUES ('28ccb22a-534a-408c-b366-dd9022af7cd0', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, 0.0000359000, '2026-12-07 15:25:56.846844', NULL);
INSERT INTO public.gemcap_spend VALUES ('0d41e2b7-d625-4b48-b861-7e9f50849433', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, 0.0000359000, '2026-12-07 15:25:57.259246', NULL);
INSERT INTO public.gemcap_spend VALUES ('fcaddc4f-d03e-4332-97a6-f24f0a0c6eb5', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, 0.0000359000, '2026-12-07 15:25:57.281304', NULL);
INSERT INTO public.gemcap_spend VALUES ('84f90398-5598-4589-be1b-1d84d3a24e83', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, 0.0000359000, '2026-12-07 15:25:57.707058', NULL);
INSERT INTO public.gemcap_spend VALUES ('9ef8d660-ded5-4da5-bc4d-82b26110d4ad', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, 0.0000359000, '2026-12-07 15:25:57.707873', NULL);
INSERT INTO public.gemcap_spend VALUES ('7f2a6b02-e9da-470c-ae90-e75f58d38ab4', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, 0.0000359000, '2026-12-07 15:25:58.124522', NULL);
INSERT INTO public.gemcap_spend VALUES ('e81f386d-282c-4183-866b-4a7f2a566cb8', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, 0.0000359000, '2026-12-07 15:25:58.14139', NULL);
INSERT INTO public.gemcap_spend VALUES ('2ee3040b-cf38-443c-8308-a8402105b19f', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, 0.0000359000, '2026-12-07 15:25:58.538479', NULL);
INSERT INTO public.gemcap_spend VALUES ('9c7cf2cd-59a3-4c81-a97f-9d051ae4bc96', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, 0.0000359000, '2026-12-07 15:25:58.56288', NULL);
INSERT INTO public.gemcap_spend VALUES ('e2f6a396-3b4f-4718-9e63-e49f382226d7', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, NULL, '2026-12-07 15:25:58.980394', '2026-12-07 15:26:18.980394');
INSERT INTO public.gemcap_spend VALUES ('ae897c6d-58b5-481f-b36e-66655bb2552b', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, 0.0000359000, '2026-12-07 15:25:58.95356', NULL);
INSERT INTO public.gemcap_spend VALUES ('ab927de5-272d-42d6-acb2-847d0df3be1d', 2, '2026-12-07', 'call', '31c3683d-f5d0-4579-b916-6ea491847d08', 0.0001349000, NULL, '2026-12-07 15:25:59.373549', '2026-12-07 15:26:19.373549');


--
-- Data for Name: gemcap_spend_lock; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gemcap_spend_lock VALUES ('spend');


--
-- Data for Name: gemcap_spend_total; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gemcap_spend_total VALUES ('day:2026-12-07', 0.0019563000);
INSERT INTO public.gemcap_spend_total VALUES ('run:2', 0.0008438000);
INSERT INTO public.gemcap_spend_total VALUES ('run:1', 0.0011125000);


--
-- Data for Name: gemcap_written_file; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gemcap_written_file VALUES ('/tmp/gemcap-d1cb590-pg-fixture/out/archive.html', 'ef973540a780cba4b85e28418f0f9e760a559249ea0463438ea3f96c832ff910');


--
-- Name: batch_job_execution_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.batch_job_execution_seq', 2, true);


--
-- Name: batch_job_instance_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.batch_job_instance_seq', 2, true);


--
-- Name: batch_step_execution_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.batch_step_execution_seq', 3, true);


--
-- Name: batch_job_execution_context batch_job_execution_context_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_job_execution_context
    ADD CONSTRAINT batch_job_execution_context_pkey PRIMARY KEY (job_execution_id);


--
-- Name: batch_job_execution batch_job_execution_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_job_execution
    ADD CONSTRAINT batch_job_execution_pkey PRIMARY KEY (job_execution_id);


--
-- Name: batch_job_instance batch_job_instance_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_job_instance
    ADD CONSTRAINT batch_job_instance_pkey PRIMARY KEY (job_instance_id);


--
-- Name: batch_step_execution_context batch_step_execution_context_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_step_execution_context
    ADD CONSTRAINT batch_step_execution_context_pkey PRIMARY KEY (step_execution_id);


--
-- Name: batch_step_execution batch_step_execution_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_step_execution
    ADD CONSTRAINT batch_step_execution_pkey PRIMARY KEY (step_execution_id);


--
-- Name: flyway_schema_history flyway_schema_history_pk; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.flyway_schema_history
    ADD CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank);


--
-- Name: gemcap_answer_failure gemcap_answer_failure_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_answer_failure
    ADD CONSTRAINT gemcap_answer_failure_pkey PRIMARY KEY (sha256, model, request_sha256);


--
-- Name: gemcap_batch_failure gemcap_batch_failure_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_batch_failure
    ADD CONSTRAINT gemcap_batch_failure_pkey PRIMARY KEY (sha256, ended);


--
-- Name: gemcap_batch_item gemcap_batch_item_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_batch_item
    ADD CONSTRAINT gemcap_batch_item_pkey PRIMARY KEY (job_instance_id, walk_position);


--
-- Name: gemcap_batch gemcap_batch_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_batch
    ADD CONSTRAINT gemcap_batch_pkey PRIMARY KEY (job_instance_id, shard);


--
-- Name: gemcap_conversion_mend gemcap_conversion_mend_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_conversion_mend
    ADD CONSTRAINT gemcap_conversion_mend_pkey PRIMARY KEY (sha256, model, request_sha256);


--
-- Name: gemcap_lease gemcap_lease_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_lease
    ADD CONSTRAINT gemcap_lease_pkey PRIMARY KEY (job_key);


--
-- Name: gemcap_ledger gemcap_ledger_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_ledger
    ADD CONSTRAINT gemcap_ledger_pkey PRIMARY KEY (sha256, model, request_sha256);


--
-- Name: gemcap_object gemcap_object_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_object
    ADD CONSTRAINT gemcap_object_pkey PRIMARY KEY (location);


--
-- Name: gemcap_prompt gemcap_prompt_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_prompt
    ADD CONSTRAINT gemcap_prompt_pkey PRIMARY KEY (sha256);


--
-- Name: gemcap_quota gemcap_quota_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_quota
    ADD CONSTRAINT gemcap_quota_pkey PRIMARY KEY (pool, model);


--
-- Name: gemcap_result gemcap_result_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_result
    ADD CONSTRAINT gemcap_result_pkey PRIMARY KEY (job_instance_id, path);


--
-- Name: gemcap_run gemcap_run_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_run
    ADD CONSTRAINT gemcap_run_pkey PRIMARY KEY (job_execution_id);


--
-- Name: gemcap_sidecar gemcap_sidecar_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_sidecar
    ADD CONSTRAINT gemcap_sidecar_pkey PRIMARY KEY (location);


--
-- Name: gemcap_spend_lock gemcap_spend_lock_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_spend_lock
    ADD CONSTRAINT gemcap_spend_lock_pkey PRIMARY KEY (name);


--
-- Name: gemcap_spend gemcap_spend_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_spend
    ADD CONSTRAINT gemcap_spend_pkey PRIMARY KEY (id);


--
-- Name: gemcap_spend_total gemcap_spend_total_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_spend_total
    ADD CONSTRAINT gemcap_spend_total_pkey PRIMARY KEY (scope);


--
-- Name: gemcap_written_file gemcap_written_file_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_written_file
    ADD CONSTRAINT gemcap_written_file_pkey PRIMARY KEY (location, sha256);


--
-- Name: batch_job_instance job_inst_un; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_job_instance
    ADD CONSTRAINT job_inst_un UNIQUE (job_name, job_key);


--
-- Name: flyway_schema_history_s_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX flyway_schema_history_s_idx ON public.flyway_schema_history USING btree (success);


--
-- Name: gemcap_batch_item_shard; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX gemcap_batch_item_shard ON public.gemcap_batch_item USING btree (job_instance_id, shard);


--
-- Name: gemcap_call_intent_instance; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX gemcap_call_intent_instance ON public.gemcap_call_intent USING btree (job_instance_id);


--
-- Name: gemcap_run_job_key; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX gemcap_run_job_key ON public.gemcap_run USING btree (job_key);


--
-- Name: gemcap_spend_day; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX gemcap_spend_day ON public.gemcap_spend USING btree (spend_day);


--
-- Name: gemcap_spend_holder; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX gemcap_spend_holder ON public.gemcap_spend USING btree (holder);


--
-- Name: gemcap_spend_instance; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX gemcap_spend_instance ON public.gemcap_spend USING btree (job_instance_id);


--
-- Name: batch_job_execution_context job_exec_ctx_fk; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_job_execution_context
    ADD CONSTRAINT job_exec_ctx_fk FOREIGN KEY (job_execution_id) REFERENCES public.batch_job_execution(job_execution_id);


--
-- Name: batch_job_execution_params job_exec_params_fk; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_job_execution_params
    ADD CONSTRAINT job_exec_params_fk FOREIGN KEY (job_execution_id) REFERENCES public.batch_job_execution(job_execution_id);


--
-- Name: batch_step_execution job_exec_step_fk; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_step_execution
    ADD CONSTRAINT job_exec_step_fk FOREIGN KEY (job_execution_id) REFERENCES public.batch_job_execution(job_execution_id);


--
-- Name: batch_job_execution job_inst_exec_fk; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_job_execution
    ADD CONSTRAINT job_inst_exec_fk FOREIGN KEY (job_instance_id) REFERENCES public.batch_job_instance(job_instance_id);


--
-- Name: batch_step_execution_context step_exec_ctx_fk; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_step_execution_context
    ADD CONSTRAINT step_exec_ctx_fk FOREIGN KEY (step_execution_id) REFERENCES public.batch_step_execution(step_execution_id);


--
-- PostgreSQL database dump complete
--


