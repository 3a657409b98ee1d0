/*
 * redact.c: secrets out of every string that leaves the program, with
 * the shape of the line kept; and the ordinary text that must come out
 * unchanged.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "redact.h"

static void
assert_redacts(const char *in, const char *want)
{
	char *out = redact(in);

	assert_non_null(out);
	if (strcmp(out, want) != 0)
		fail_msg("redact(\"%s\")\n  = \"%s\"\n want \"%s\"", in, out,
		    want);
	free(out);
}

static void
assert_kept(const char *in)
{
	assert_redacts(in, in);
}

/* The secret is gone, whatever else happened to the line. */
static void
assert_hidden(const char *in, const char *secret)
{
	char *out = redact(in);

	assert_non_null(out);
	if (strstr(out, secret) != NULL)
		fail_msg("\"%s\" still in \"%s\"", secret, out);
	assert_non_null(strstr(out, "<redacted"));
	free(out);
}

static void
test_sas(void **state)
{
	(void)state;
	assert_redacts("https://md-abc.blob.core.windows.net/d1/abcd?"
	    "sv=2018-03-28&sr=b&si=x&sig=Zm9vYmFy%2Bc2VjcmV0%3D&se=2024-03-01",
	    "https://md-abc.blob.core.windows.net/d1/abcd?"
	    "sv=<redacted>&sr=<redacted>&si=x&sig=<redacted>&se=<redacted>");
	assert_redacts("GET https://a.blob.core.windows.net/c/b?snapshot="
	    "2024-01-01T00:00:00Z&sig=SECRET HTTP/1.1",
	    "GET https://a.blob.core.windows.net/c/b?snapshot="
	    "2024-01-01T00:00:00Z&sig=<redacted> HTTP/1.1");
	/* Every key of an account SAS. */
	assert_redacts("u?sp=r&st=1&spr=https&srt=o&ss=b&skoid=a&sktid=b"
	    "&skt=c&ske=d&sks=e&skv=f&sdd=1",
	    "u?sp=<redacted>&st=<redacted>&spr=<redacted>&srt=<redacted>"
	    "&ss=<redacted>&skoid=<redacted>&sktid=<redacted>"
	    "&skt=<redacted>&ske=<redacted>&sks=<redacted>&skv=<redacted>"
	    "&sdd=<redacted>");
	/* Keys in any case. */
	assert_redacts("x?SIG=abc", "x?SIG=<redacted>");
	/* In XML the & is &amp;. */
	assert_redacts("<Url>https://a/b?sv=2020&amp;sig=abc%3D</Url>",
	    "<Url>https://a/b?sv=<redacted>&amp;sig=<redacted></Url>");
	/* In JSON the value ends at the quote, in a log at a space. */
	assert_redacts("{\"uri\": \"https://a/b?sig=abc\", \"n\": 1}",
	    "{\"uri\": \"https://a/b?sig=<redacted>\", \"n\": 1}");
	/* An empty value stays empty. */
	assert_redacts("x?sig=&se=", "x?sig=&se=");
}

static void
test_sas_not(void **state)
{
	(void)state;
	/* Only after ? or &, and only the key itself. */
	assert_kept("the sig=1 of a log line");
	assert_kept("x?signature=abc&sever=1&svc=2");
	assert_kept("http://168.63.129.16/machine/?comp=goalstate");
	assert_kept("http://168.63.129.16/machine?comp=health&incarnation=3");
	assert_kept("https://a/b?snapshot=2024-01-01&restype=container");
	assert_kept("a?b && c");
}

static void
test_authorization(void **state)
{
	(void)state;
	assert_redacts("Authorization: Bearer eyJ0eXAiOiJKV1Qi.eyJhdWQi.sig",
	    "Authorization: <redacted>");
	assert_redacts("headers: {\"Authorization\": \"SharedKey acct:abc=\", "
	    "\"x-ms-version\": \"2015-04-05\"}",
	    "headers: {\"Authorization\": \"<redacted>\", "
	    "\"x-ms-version\": \"2015-04-05\"}");
	assert_redacts("authorization=Basic dXNlcjpwYXNz\nnext line",
	    "authorization=<redacted>\nnext line");
	/* Python's repr of the headers, as the agent logs them. */
	assert_redacts("headers={'x-ms-version': '2012-11-30', "
	    "'Authorization': 'Bearer eyJ0eXAi.abc'}",
	    "headers={'x-ms-version': '2012-11-30', "
	    "'Authorization': '<redacted>'}");
	/* A tab ends the value: records put their fields after one. */
	assert_redacts("Authorization: Bearer abc\t{provider=x}",
	    "Authorization: <redacted>\t{provider=x}");
	/* After a field name and '=', as event data print. */
	assert_redacts("Command=Authorization: Basic dXNlcjpwYXNz",
	    "Command=Authorization: <redacted>");
	/* Part of a longer word: not a header. */
	assert_kept("xAuthorization: 1");
	assert_kept("Authorization");
}

static void
test_json_secrets(void **state)
{
	(void)state;
	assert_redacts("{\"protectedSettings\": \"MIIB8AYJKoZIhvcNAQcDoIIB4\","
	    " \"protectedSettingsCertThumbprint\": \"0A1B\"}",
	    "{\"protectedSettings\": \"<redacted>\", "
	    "\"protectedSettingsCertThumbprint\": \"0A1B\"}");
	assert_redacts("{\"password\":\"hunter2\",\"user\":\"azureuser\"}",
	    "{\"password\":\"<redacted>\",\"user\":\"azureuser\"}");
	assert_redacts("{\"storageAccountKey\": \"abc\", \"clientSecret\": "
	    "\"def\"}", "{\"storageAccountKey\": \"<redacted>\", "
	    "\"clientSecret\": \"<redacted>\"}");
	/* JSON inside a JSON string, as in a status substatus. */
	assert_redacts("\"{\\\"password\\\": \\\"hunter2\\\", \\\"n\\\": 1}\"",
	    "\"{\\\"password\\\": \\\"<redacted>\\\", \\\"n\\\": 1}\"");
	assert_redacts("'adminPassword': 'P@ssw0rd!'",
	    "'adminPassword': '<redacted>'");
	/* An empty secret stays empty. */
	assert_redacts("{\"protectedSettings\": \"\"}",
	    "{\"protectedSettings\": \"\"}");
}

static void
test_xml_secrets(void **state)
{
	(void)state;
	assert_redacts("<UserPassword>P@ssw0rd!</UserPassword>",
	    "<UserPassword><redacted></UserPassword>");
	assert_redacts("<ns1:CustomData>I2Nsb3VkLWNvbmZpZwo=</ns1:CustomData>",
	    "<ns1:CustomData><redacted></ns1:CustomData>");
	assert_redacts("<AdminPassword>a b c</AdminPassword>",
	    "<AdminPassword><redacted></AdminPassword>");
	assert_redacts("<ProtectedSettings>MIIB8A</ProtectedSettings>",
	    "<ProtectedSettings><redacted></ProtectedSettings>");
	/* Spread over lines: up to the closing tag. */
	assert_redacts("<CustomData>line1\nline2</CustomData>",
	    "<CustomData><redacted></CustomData>");
	assert_redacts("<UserPassword></UserPassword>",
	    "<UserPassword></UserPassword>");
}

static void
test_key_value(void **state)
{
	(void)state;
	assert_redacts("password=hunter2 user=bob",
	    "password=<redacted> user=bob");
	assert_redacts("Password = hunter2", "Password = <redacted>");
	assert_redacts("client_secret=abc;tenant=t",
	    "client_secret=<redacted>;tenant=t");
	assert_redacts("secret: xyz", "secret: <redacted>");
	/* The value ends at the &; the SAS rule takes the rest. */
	assert_redacts("--sasToken=?sv=1&sig=2",
	    "--sasToken=<redacted>&sig=<redacted>");
	assert_redacts("connectionString=DefaultEndpointsProtocol",
	    "connectionString=<redacted>");
	assert_redacts("customData=Zm9v,next",
	    "customData=<redacted>,next");
	assert_hidden("accountKey=abc/def+ghi==", "abc/def+ghi==");
	assert_redacts("Endpoint=sb://ns.servicebus.windows.net/;"
	    "SharedAccessKeyName=Root;SharedAccessKey=abc=",
	    "Endpoint=sb://ns.servicebus.windows.net/;"
	    "SharedAccessKeyName=Root;SharedAccessKey=<redacted>");
	/* A key after another field's '=' or inside a run of base64
	 * characters is still a key. */
	assert_redacts("Command=client_secret=abc tenant=t",
	    "Command=client_secret=<redacted> tenant=t");
	assert_redacts("opts=a/password=hunter2",
	    "opts=a/password=<redacted>");
}

static void
test_command_line(void **state)
{
	(void)state;
	/* A flag, then the value as the next word. */
	assert_redacts("chpasswd --password hunter2 azureuser",
	    "chpasswd --password <redacted> azureuser");
	assert_redacts("setup.exe -password hunter2 /quiet",
	    "setup.exe -password <redacted> /quiet");
	assert_redacts("run \"--password\" \"hunter2\"",
	    "run \"--password\" \"<redacted>\"");
	assert_redacts("['chpasswd', '--password', 'hunter2', 'bob']",
	    "['chpasswd', '--password', '<redacted>', 'bob']");
	assert_redacts("x --client_secret abc", "x --client_secret <redacted>");
	assert_redacts("--password=hunter2 -x", "--password=<redacted> -x");
	/* Not a flag's value: another flag, nothing, a word in a sentence. */
	assert_kept("useradd --password --expire 1");
	assert_kept("chpasswd --password");
	assert_kept("self-password reset failed");
	assert_kept("the password is wrong");
	assert_kept("---password x");
	assert_kept("--password-file /etc/x");
	/* "-p" is a port, a path or a parent as often as a password. */
	assert_kept("mkdir -p /var/lib/waagent");
}

static void
test_key_value_not(void **state)
{
	(void)state;
	/* The word without a value after it. */
	assert_kept("Password is required for user azureuser");
	assert_kept("passwords=3");
	assert_kept("password");
	assert_kept("password_hash: x");
	/* A key must start a word. */
	assert_kept("mypassword=abc");
	assert_kept("no_secret=1");
	assert_kept("Provisioning: disable password authentication");
}

static void
test_pem(void **state)
{
	(void)state;
	assert_redacts("before\n-----BEGIN RSA PRIVATE KEY-----\n"
	    "MIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----\nafter",
	    "before\n-----BEGIN <redacted>-----\nafter");
	assert_redacts("-----BEGIN CERTIFICATE-----\nMIIC\n"
	    "-----END CERTIFICATE-----",
	    "-----BEGIN <redacted>-----");
	assert_redacts("-----BEGIN PRIVATE KEY-----\nMIIE",
	    "-----BEGIN <redacted>-----");
	assert_redacts("x -----BEGIN PKCS7-----\nMIIB\n-----END PKCS7----- y",
	    "x -----BEGIN <redacted>----- y");
	/* Two blocks, each one redacted. */
	assert_redacts("-----BEGIN CERTIFICATE-----\na\n-----END CERTIFICATE-"
	    "----\nmid\n-----BEGIN CERTIFICATE-----\nb\n-----END "
	    "CERTIFICATE-----",
	    "-----BEGIN <redacted>-----\nmid\n-----BEGIN <redacted>-----");
	/* A public key or an unfinished marker is not a secret. */
	assert_kept("-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY"
	    "-----");
	assert_kept("-----BEGIN ");
	assert_kept("----- separator -----");
}

static void
test_base64(void **state)
{
	char in[256], want[128];

	(void)state;
	/* 119 characters of base64 are kept, 120 are a blob. */
	memset(in, 'A', 119);
	in[119] = '\0';
	assert_kept(in);
	memset(in, 'A', 120);
	memcpy(in + 120, "== tail", 8);
	assert_redacts(in, "<redacted 122 bytes of base64> tail");

	/* Inside a line, with the rest kept. */
	memcpy(in, "cert: ", 6);
	memset(in + 6, 'Q', 200);
	memcpy(in + 206, "\nnext", 6);
	assert_redacts(in, "cert: <redacted 200 bytes of base64>\nnext");

	/* Only runs: a long line of short words is not a blob. */
	memset(in, 0, sizeof in);
	while (strlen(in) < 200)
		strcat(in, "abc ");
	assert_kept(in);
	snprintf(want, sizeof want, "%s", "dGVzdA== aGVsbG8gd29ybGQ=");
	assert_kept(want);
}

/* From 64 characters, a run that mixes cases and digits is a key; the
 * evidence of that length is hex, single-case, or a path. */
static void
test_base64_keys(void **state)
{
	/* A 64-byte storage account key: 88 characters. */
	static const char key88[] = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50u"
	    "SRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
	/* 48 bytes: 64 characters. */
	static const char key64[] = "q2Xz9vB7LmN4pR8sT1uW6yA3cE5gH0jK2lM4nO6p"
	    "Q8rS0tU2vW4xY6zA8bC0dE2f";
	char in[256];

	(void)state;
	assert_int_equal(strlen(key88), 88);
	assert_int_equal(strlen(key64), 64);
	snprintf(in, sizeof in, "storage key %s in use", key88);
	assert_redacts(in, "storage key <redacted 88 bytes of base64> in use");
	snprintf(in, sizeof in, "\"key\": \"%s\"", key64);
	assert_redacts(in, "\"key\": \"<redacted 64 bytes of base64>\"");
	/* After a field's '=': the key is a run of its own. */
	snprintf(in, sizeof in, "Data=%s", key88);
	assert_redacts(in, "Data=<redacted 88 bytes of base64>");
	/* 63 characters are kept. */
	snprintf(in, sizeof in, "%.*s", 63, key64);
	assert_kept(in);

	/* Hashes, thumbprints, paths, identifiers of that length. */
	assert_kept("FileHash=99391B1127FA1F917ABE34DB80B33B85946B3F01CF80704E"
	    "1B8266A0AE1F230F; FqbnLength=120");
	assert_kept("sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd"
	    "15d6c15b0f00a08");
	assert_kept("Thumbprint 18FF1DCC6A3998898A97937314CD9CA66FBF10AF");
	assert_kept("/usr/lib/python3/dist/packages/azurelinuxagent/common/"
	    "utils/restutil2");
	assert_kept("MicrosoftAzureRecoveryServicesVMSnapshotLinuxExtensionHa"
	    "ndlerStatusReport");
}

static void
test_ordinary(void **state)
{
	static const char *const lines[] = {
		"",
		"2024-01-14T22:16:48.796446Z INFO ExtHandler ExtHandler "
		    "[Microsoft.Azure.RecoveryServices.VMSnapshotLinux-"
		    "1.0.9220.0] Target handler state: enabled [incarnation 3]",
		"Agent WALinuxAgent-2.9.1.1 is running as the goal state agent",
		"Version 2.2.53.1 < 2.10.0.8",
		"Fetch goal state from http://168.63.129.16/machine/",
		"GET http://168.63.129.16:32526/vmSettings",
		"Failed to freeze one or more mount points "
		    "StatusCode.FailedRetryableFsFreezeFailed,",
		"Event: name=WALinuxAgent, op=Enable, message=ok, duration=0",
		"/var/lib/waagent/Microsoft.Azure.RecoveryServices."
		    "VMSnapshotLinux-1.0.9220.0/status/3.status",
		"caf\xc3\xa9 \xe2\x82\xac",
		"key=value a=b",
		"sig",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
		assert_kept(lines[i]);
	assert_null(redact(NULL));
}

static void
test_all_secrets_gone(void **state)
{
	(void)state;
	/* A goal-state line with everything at once. */
	assert_hidden("<Plugin uri=\"https://x/y?sv=1&amp;sig=S1G\" "
	    "protectedSettings=\"PR0T\"><UserPassword>PASSW</UserPassword>",
	    "S1G");
	assert_hidden("<Plugin uri=\"https://x/y?sv=1&amp;sig=S1G\" "
	    "protectedSettings=\"PR0T\"><UserPassword>PASSW</UserPassword>",
	    "PR0T");
	assert_hidden("<Plugin uri=\"https://x/y?sv=1&amp;sig=S1G\" "
	    "protectedSettings=\"PR0T\"><UserPassword>PASSW</UserPassword>",
	    "PASSW");
}

/* Near misses that must stay readable, and a secret shaped as an object. */
static void
test_shapes(void **state)
{
	(void)state;
	assert_kept("Authorization failed for request 42");
	assert_redacts("Authorization: Bearer eyJ0eXAi.abc",
	    "Authorization: <redacted>");
	assert_redacts("<ns1:CustomData>I2Nsb3Vk</ns1:CustomData> then text",
	    "<ns1:CustomData><redacted></ns1:CustomData> then text");
	assert_redacts("{\"protectedSettings\": {\"storageKey\": \"k1\", "
	    "\"script\": [\"s\"]}, \"publicSettings\": {}}",
	    "{\"protectedSettings\": <redacted>, \"publicSettings\": {}}");
	assert_hidden("\"protectedSettings\": {\"commandToExecute\": "
	    "\"echo hunter2\"}", "hunter2");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_sas),
		cmocka_unit_test(test_sas_not),
		cmocka_unit_test(test_authorization),
		cmocka_unit_test(test_json_secrets),
		cmocka_unit_test(test_xml_secrets),
		cmocka_unit_test(test_key_value),
		cmocka_unit_test(test_key_value_not),
		cmocka_unit_test(test_pem),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_base64_keys),
		cmocka_unit_test(test_command_line),
		cmocka_unit_test(test_ordinary),
		cmocka_unit_test(test_all_secrets_gone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
