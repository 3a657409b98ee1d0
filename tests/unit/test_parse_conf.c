/*
 * parse_conf.c: waagent.conf as the agent reads it (ConfigurationProvider
 * .load in azurelinuxagent/common/conf.py), `waagent -show-configuration`,
 * /etc/os-release and its one-line cousins, HandlerState; and input that
 * is none of these.
 */
#include "config.h"

#include "unit.h"
#include "strbuf.h"
#include "text.h"

#define VMSNAP "Microsoft.Azure.RecoveryServices.VMSnapshotLinux"
#define VMSNAP_DIR "var/lib/waagent/" VMSNAP "-1.0.9220.0"

/* The last record for key, as the agent's dict keeps the last. */
static const struct unit_record *
setting(const struct unit_parse *up, const char *key)
{
	const struct unit_record *u = NULL;
	const char *v;
	size_t i;

	for (i = 0; i < up->n; i++)
		if ((v = unit_field(&up->rec[i], "key")) != NULL &&
		    strcmp(v, key) == 0)
			u = &up->rec[i];
	return u;
}

static void
assert_setting(const struct unit_parse *up, const char *key,
    const char *value)
{
	const struct unit_record *u = setting(up, key);

	if (u == NULL)
		fail_msg("setting %s missing", key);
	assert_field(u, "value", value);
	assert_null(unit_field(u, "unset"));
}

/* One record per setting, one line each, the line as the text. */
static void
assert_well_formed(const struct unit_parse *up)
{
	size_t i;

	for (i = 0; i < up->n; i++) {
		const struct unit_record *u = &up->rec[i];

		assert_int_equal(u->lines, 1);
		assert_true(u->line >= 1);
		assert_non_null(u->text);
		assert_null(strchr(u->text, '\n'));
		if (i > 0)
			assert_true(u->line > up->rec[i - 1].line);
	}
}

static const char waagent_conf[] =
"#\n"
"# Microsoft Azure Linux Agent Configuration\n"
"#\n"
"\n"
"# Enable extension handling. Do not disable this unless you do not need "
"password reset,\n"
"# backup, monitoring, or any extension handling whatsoever.\n"
"Extensions.Enabled=y\n"
"Provisioning.Agent=auto\n"
"ResourceDisk.MountOptions=None\n"
"Provisioning.SshHostKeyPairType=rsa # An EOL comment that should be "
"ignored\n"
"OS.SshClientAliveInterval=42#Yet another EOL comment with a '#'\n"
"  Logs.Verbose  =  n  \n"
"\tOS.EnableFirewall\t=\ty\t\n"
"HttpProxy.Host=\"proxy.corp.example\"\n"
"HttpProxy.Port = \"3128\" # quoted, commented\n"
"FauxKey3=delalloc,rw,noatime,nobarrier,users,mode=777\n"
"Lib.Dir=\n"
"# Extensions.Enabled=n\n"
"no equals sign here\n"
"=Value0\n"
"Extensions.Enabled=n\n";

static void
test_waagent_conf(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	size_t i, n;

	unit_parse_str(up, KIND_WAAGENT_CONF, "etc/waagent.conf", waagent_conf);
	assert_null(up->skip_reason);
	assert_well_formed(up);
	/* Comments, blank lines, a line without '=' and one without a key
	 * make no record. */
	assert_int_equal(up->n, 12);
	for (i = 0; i < up->n; i++) {
		assert_int_equal(up->rec[i].kind, KIND_WAAGENT_CONF);
		assert_non_null(unit_field(&up->rec[i], "key"));
		assert_non_null(unit_field(&up->rec[i], "value"));
		assert_int_equal(up->rec[i].time.zone, VTIME_NONE);
	}

	u = &up->rec[0];
	assert_int_equal(u->line, 7);
	assert_field(u, "key", "Extensions.Enabled");
	assert_field(u, "value", "y");
	assert_string_equal(u->text, "Extensions.Enabled=y");
	assert_string_equal(u->msg, "Extensions.Enabled=y");

	assert_setting(up, "Provisioning.Agent", "auto");
	/* "None" is unset. */
	u = setting(up, "ResourceDisk.MountOptions");
	assert_non_null(u);
	assert_field(u, "value", "");
	assert_field(u, "unset", "true");
	/* A value ends at '#', with or without a space before it. */
	assert_setting(up, "Provisioning.SshHostKeyPairType", "rsa");
	u = setting(up, "OS.SshClientAliveInterval");
	assert_field(u, "value", "42");
	assert_string_equal(u->msg, "OS.SshClientAliveInterval=42");
	/* Blanks round key and value go; what patterns read is normalised. */
	u = setting(up, "Logs.Verbose");
	assert_field(u, "value", "n");
	assert_string_equal(u->msg, "Logs.Verbose=n");
	assert_string_equal(u->text, "  Logs.Verbose  =  n  ");
	assert_setting(up, "OS.EnableFirewall", "y");
	assert_setting(up, "HttpProxy.Host", "proxy.corp.example");
	assert_setting(up, "HttpProxy.Port", "3128");
	/* Split at the first '=' only. */
	assert_setting(up, "FauxKey3",
	    "delalloc,rw,noatime,nobarrier,users,mode=777");
	assert_setting(up, "Lib.Dir", "");

	/* A duplicate key: the agent's dict keeps the last, and the records
	 * come in file order, the last one last. */
	for (i = n = 0; i < up->n; i++)
		if (strcmp(unit_field(&up->rec[i], "key"),
		    "Extensions.Enabled") == 0)
			n++;
	assert_int_equal(n, 2);
	u = setting(up, "Extensions.Enabled");
	assert_ptr_equal(u, &up->rec[up->n - 1]);
	assert_int_equal(u->line, 21);
	assert_field(u, "value", "n");
	/* Unset keys simply have no record. */
	assert_null(setting(up, "AutoUpdate.Enabled"));
	assert_null(setting(up, "# Extensions.Enabled"));
}

/*
 * The agent's own quirks: only a line whose very first character is '#'
 * is a comment; the value is stripped of double quotes and spaces, then
 * of whitespace, never of single quotes, and get_switch() takes only
 * y or n.  So 'n' in single quotes leaves extensions enabled.
 */
static void
test_waagent_conf_agent_rules(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_WAAGENT_CONF, "etc/waagent.conf",
	    "   # Extensions.Enabled=n\n"
	    "Extensions.Enabled='n'\n"
	    "Logs.Verbose=\" y \"\n"
	    "OS.EnableRDMA=n\r\n"
	    "Extensions.GoalStatePeriod=\"\"\n"
	    "Provisioning.Agent=None # unset\n"
	    "Provisioning.Enabled=none\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 7);
	assert_well_formed(up);

	/* Indented: not a comment to the agent, but its key is not
	 * Extensions.Enabled either. */
	u = &up->rec[0];
	assert_field(u, "key", "# Extensions.Enabled");
	u = &up->rec[1];
	assert_field(u, "key", "Extensions.Enabled");
	assert_field(u, "value", "'n'");
	assert_setting(up, "Logs.Verbose", "y");
	assert_setting(up, "OS.EnableRDMA", "n");
	assert_null(strchr(setting(up, "OS.EnableRDMA")->text, '\r'));
	assert_setting(up, "Extensions.GoalStatePeriod", "");
	u = setting(up, "Provisioning.Agent");
	assert_field(u, "unset", "true");
	/* Only "None" itself is unset. */
	assert_setting(up, "Provisioning.Enabled", "none");
}

/* `waagent -show-configuration`: "Key = value", Python's True/False. */
static void
test_show_configuration(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_WAAGENT_CONF, "waagent-show-configuration.txt",
	    "AutoUpdate.Enabled = True\n"
	    "Extensions.Enabled = False\n"
	    "Extensions.GoalStatePeriod = 6\n"
	    "HttpProxy.Host = None\n"
	    "HttpProxy.Port = None\n"
	    "Lib.Dir = /var/lib/waagent\n"
	    "OS.EnableFirewall = True\n"
	    "ResourceDisk.MountPoint = /mnt/resource\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 8);
	assert_well_formed(up);
	assert_setting(up, "AutoUpdate.Enabled", "True");
	u = setting(up, "Extensions.Enabled");
	assert_field(u, "value", "False");
	assert_string_equal(u->msg, "Extensions.Enabled=False");
	assert_int_equal(u->line, 2);
	assert_setting(up, "Extensions.GoalStatePeriod", "6");
	assert_field(setting(up, "HttpProxy.Host"), "unset", "true");
	assert_setting(up, "Lib.Dir", "/var/lib/waagent");
}

static void
test_os_release(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_OS_RELEASE, "etc/os-release",
	    "PRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\n"
	    "NAME=\"Ubuntu\"\n"
	    "VERSION_ID=\"22.04\"\n"
	    "VERSION=\"22.04.4 LTS (Jammy Jellyfish)\"\n"
	    "ID=ubuntu\n"
	    "ID_LIKE=debian\n"
	    "# a comment\n"
	    "HOME_URL=\"https://www.ubuntu.com/\"\n"
	    "VERSION_CODENAME='jammy'\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 8);
	assert_well_formed(up);
	assert_setting(up, "PRETTY_NAME", "Ubuntu 22.04.4 LTS");
	assert_setting(up, "NAME", "Ubuntu");
	assert_setting(up, "VERSION_ID", "22.04");
	assert_setting(up, "VERSION", "22.04.4 LTS (Jammy Jellyfish)");
	assert_setting(up, "ID", "ubuntu");
	assert_setting(up, "HOME_URL", "https://www.ubuntu.com/");
	/* os-release is shell syntax: single quotes are quotes. */
	assert_setting(up, "VERSION_CODENAME", "jammy");
	u = setting(up, "ID");
	assert_int_equal(u->line, 5);
	assert_null(unit_field(u, "release"));
	unit_parse_free(up);

	/* /etc/redhat-release and friends: one line, the release. */
	unit_parse_str(up, KIND_OS_RELEASE, "etc/redhat-release",
	    "CentOS Linux release 7.9.2009 (Core)\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	u = &up->rec[0];
	assert_field(u, "release", "CentOS Linux release 7.9.2009 (Core)");
	assert_null(unit_field(u, "key"));
	assert_string_equal(u->msg, "CentOS Linux release 7.9.2009 (Core)");
	assert_int_equal(u->line, 1);
	unit_parse_free(up);

	/* A comment in such a file is no release. */
	unit_parse_str(up, KIND_OS_RELEASE, "etc/SuSE-release",
	    "# This file is deprecated\n"
	    "SUSE Linux Enterprise Server 12 (x86_64)\n"
	    "VERSION = 12\n"
	    "PATCHLEVEL = 5\n");
	assert_int_equal(up->n, 3);
	assert_field(&up->rec[0], "release",
	    "SUSE Linux Enterprise Server 12 (x86_64)");
	assert_setting(up, "VERSION", "12");
	assert_setting(up, "PATCHLEVEL", "5");
}

static void
test_handler_state(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_HANDLER_STATE, VMSNAP_DIR "/config/HandlerState",
	    "Enabled");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	u = unit_find(up, "state", "Enabled");
	assert_ptr_equal(u, &up->rec[0]);
	assert_int_equal(u->kind, KIND_HANDLER_STATE);
	assert_field(u, "state", "Enabled");
	assert_field(u, "extension", VMSNAP);
	assert_field(u, "extension_version", "1.0.9220.0");
	assert_string_equal(u->text, "Enabled");
	assert_int_equal(u->line, 1);
	unit_parse_free(up);

	/* CRLF, and a multi-config handler's "<ext>.HandlerState". */
	unit_parse_str(up, KIND_HANDLER_STATE,
	    "var/lib/waagent/Microsoft.CPlat.Core.RunCommandHandlerLinux-1.3.2/"
	    "config/firstExtension.HandlerState", "FailedUpgrade\r\n");
	assert_int_equal(up->n, 1);
	u = &up->rec[0];
	assert_field(u, "state", "FailedUpgrade");
	assert_field(u, "extension", "Microsoft.CPlat.Core.RunCommandHandlerLinux");
	assert_field(u, "extension_version", "1.3.2");
	unit_parse_free(up);

	/* Outside an extension directory: the state, no extension. */
	unit_parse_str(up, KIND_HANDLER_STATE, "HandlerState", "NotInstalled\n");
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "state", "NotInstalled");
	assert_null(unit_field(&up->rec[0], "extension"));
	unit_parse_free(up);

	/* Empty or blank: no state at all. */
	unit_parse_str(up, KIND_HANDLER_STATE, VMSNAP_DIR "/config/HandlerState",
	    "");
	assert_int_equal(up->n, 0);
	unit_parse_free(up);
	unit_parse_str(up, KIND_HANDLER_STATE, VMSNAP_DIR "/config/HandlerState",
	    "\n  \n");
	assert_int_equal(up->n, 0);
}

static void
test_malformed(void **state)
{
	struct unit_parse *up = *state;
	struct limits lim;
	struct strbuf sb;
	unsigned char bin[300];
	size_t i;

	/* Binary under a text name: skipped with a reason. */
	for (i = 0; i < sizeof bin; i++)
		bin[i] = (unsigned char)(i * 131 + 7);
	unit_parse_buf(up, KIND_WAAGENT_CONF, "etc/waagent.conf", bin,
	    sizeof bin, NULL);
	assert_string_equal(up->skip_reason, "binary data, not text");
	assert_int_equal(up->n, 0);
	unit_parse_free(up);
	unit_parse_buf(up, KIND_HANDLER_STATE, VMSNAP_DIR "/config/HandlerState",
	    "Enab\0led", 8, NULL);
	assert_non_null(up->skip_reason);
	assert_int_equal(up->n, 0);
	unit_parse_free(up);

	/* Empty, and only line ends. */
	unit_parse_str(up, KIND_WAAGENT_CONF, "etc/waagent.conf", "");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 0);
	unit_parse_free(up);
	unit_parse_str(up, KIND_WAAGENT_CONF, "etc/waagent.conf", "\n\n\r\n");
	assert_int_equal(up->n, 0);
	unit_parse_free(up);

	/* Lines without '=' make nothing. */
	unit_parse_str(up, KIND_WAAGENT_CONF, "etc/waagent.conf",
	    "Extensions.Enabled y\nExtensions.Enabled: n\n[section]\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 0);
	unit_parse_free(up);

	/* A line over the limit is cut and says so; the next is read. */
	limits_default(&lim);
	lim.max_line = 128;
	strbuf_init(&sb, 0);
	strbuf_addstr(&sb, "HttpProxy.Host=");
	for (i = 0; i < 10000; i++)
		strbuf_addch(&sb, 'h');
	strbuf_addstr(&sb, "\nExtensions.Enabled=n\n");
	unit_parse_buf(up, KIND_WAAGENT_CONF, "etc/waagent.conf",
	    strbuf_str(&sb), sb.len, &lim);
	assert_int_equal(up->n, 2);
	assert_int_equal(up->rec[0].cut, 1);
	assert_field(&up->rec[0], "key", "HttpProxy.Host");
	assert_int_equal(strlen(unit_field(&up->rec[0], "value")), 128 - 15);
	assert_int_equal(up->rec[1].cut, 0);
	assert_int_equal(up->rec[1].line, 2);
	assert_setting(up, "Extensions.Enabled", "n");
	unit_parse_free(up);

	/* Within the line limit but over what a record holds: the value is
	 * bounded, and the message too. */
	unit_parse_buf(up, KIND_WAAGENT_CONF, "etc/waagent.conf",
	    strbuf_str(&sb), sb.len, NULL);
	assert_int_equal(up->n, 2);
	assert_true(strlen(unit_field(&up->rec[0], "value")) < 4096);
	assert_true(strlen(up->rec[0].msg) < 512);
	assert_int_equal(strlen(up->rec[0].text), 10015);
	assert_setting(up, "Extensions.Enabled", "n");
	unit_parse_free(up);

	/* The message is cut between characters. */
	for (i = 0; i < 2; i++) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "K=");
		unit_add_long_text(&sb, i);
		strbuf_addch(&sb, '\n');
		unit_parse_str(up, KIND_WAAGENT_CONF, "etc/waagent.conf",
		    strbuf_str(&sb));
		assert_int_equal(up->n, 1);
		assert_int_equal(strlen(up->rec[0].msg), 510 + i);
		unit_parse_free(up);
	}

	/* A key so long it fills the record: no crash, still bounded. */
	strbuf_reset(&sb);
	for (i = 0; i < 9000; i++)
		strbuf_addch(&sb, 'k');
	strbuf_addstr(&sb, "=v\n");
	unit_parse_buf(up, KIND_WAAGENT_CONF, "etc/waagent.conf",
	    strbuf_str(&sb), sb.len, NULL);
	assert_int_equal(up->n, 1);
	assert_true(strlen(unit_field(&up->rec[0], "key")) < 4096);
	assert_non_null(unit_field(&up->rec[0], "value"));
	strbuf_release(&sb);
	unit_parse_free(up);

	/* UTF-16 with a BOM, as an editor on Windows may save it. */
	{
		const char *doc = "Extensions.Enabled=n\r\n";
		unsigned char buf[64];
		size_t n = strlen(doc);

		buf[0] = 0xff;
		buf[1] = 0xfe;
		for (i = 0; i < n; i++) {
			buf[2 + 2 * i] = (unsigned char)doc[i];
			buf[3 + 2 * i] = 0;
		}
		unit_parse_buf(up, KIND_WAAGENT_CONF, "etc/waagent.conf", buf,
		    2 * n + 2, NULL);
		assert_null(up->skip_reason);
		assert_int_equal(up->n, 1);
		assert_setting(up, "Extensions.Enabled", "n");
	}
}

/* The agent's own configuration files: every setting line a record. */
static void
test_corpus(void **state)
{
	static const char *const files[] = {
		"waagent.conf.default", "waagent.conf.v2.2.14",
		"waagent.conf.ubuntu", "test_waagent.conf",
	};
	struct unit_parse *up = *state;
	char path[1100], *buf;
	size_t len = 0, i, lines, k;

	if (unit_corpus_dir() == NULL)
		skip();
	for (k = 0; k < sizeof files / sizeof files[0]; k++) {
		snprintf(path, sizeof path, "%s/linux/walinuxagent/config/%s",
		    unit_corpus_dir(), files[k]);
		if ((buf = unit_read_file(path, &len)) == NULL)
			continue;
		/* Setting lines, by the agent's rule. */
		for (i = lines = 0; i < len; i++)
			if ((i == 0 || buf[i - 1] == '\n') && buf[i] != '#' &&
			    buf[i] != '=' && memchr(buf + i, '=',
			    (size_t)((strchr(buf + i, '\n') != NULL ?
			    strchr(buf + i, '\n') : buf + len) - (buf + i))) !=
			    NULL)
				lines++;
		unit_parse_buf(up, KIND_WAAGENT_CONF, "etc/waagent.conf", buf,
		    len, NULL);
		free(buf);
		assert_null(up->skip_reason);
		assert_well_formed(up);
		assert_int_equal(up->n, lines);
		/* The key came with 2.2.32. */
		if (strcmp(files[k], "waagent.conf.v2.2.14") != 0)
			assert_setting(up, "Extensions.Enabled", "y");
		else
			assert_null(setting(up, "Extensions.Enabled"));
		if (strcmp(files[k], "test_waagent.conf") == 0) {
			assert_setting(up, "FauxKey1", "Value1");
			assert_setting(up, "FauxKey2", "Value2 Value2");
			assert_setting(up, "Provisioning.SshHostKeyPairType",
			    "rsa");
			assert_setting(up, "OS.SshClientAliveInterval", "42");
		}
		unit_parse_free(up);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_waagent_conf, unit_reset),
		cmocka_unit_test_teardown(test_waagent_conf_agent_rules, unit_reset),
		cmocka_unit_test_teardown(test_show_configuration, unit_reset),
		cmocka_unit_test_teardown(test_os_release, unit_reset),
		cmocka_unit_test_teardown(test_handler_state, unit_reset),
		cmocka_unit_test_teardown(test_malformed, unit_reset),
		cmocka_unit_test_teardown(test_corpus, unit_reset),
	};

	return cmocka_run_group_tests(tests, unit_setup, unit_teardown);
}
