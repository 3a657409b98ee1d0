/*
 * parse_xml.c: the goal state, ExtensionsConfig, HostingEnvironmentConfig,
 * SharedConfig and ovf-env.xml; what of them never reaches a record
 * (SAS URLs, protected settings, passwords, custom data); and hostile
 * documents: external entities, entity expansion, truncation, non-XML.
 */
#include "config.h"

#include <unistd.h>

#include "unit.h"
#include "strbuf.h"
#include "text.h"

#define VMSNAP "Microsoft.Azure.RecoveryServices.VMSnapshotLinux"

/* Each record: one line of text, and the kind of record it is. */
static void
assert_well_formed(const struct unit_parse *up)
{
	size_t i;

	for (i = 0; i < up->n; i++) {
		assert_non_null(unit_field(&up->rec[i], "record"));
		assert_int_equal(up->rec[i].lines, 1);
		assert_non_null(up->rec[i].text);
		assert_null(strchr(up->rec[i].text, '\n'));
		assert_string_equal(up->rec[i].text, up->rec[i].msg);
	}
}

static const char goal_state_xml[] =
"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
"<GoalState xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
"xsi:noNamespaceSchemaLocation=\"goalstate10.xsd\">\n"
"  <Version>2010-12-15</Version>\n"
"  <Incarnation>3</Incarnation>\n"
"  <Machine>\n"
"    <ExpectedState>Started</ExpectedState>\n"
"    <StopRolesDeadlineHint>300000</StopRolesDeadlineHint>\n"
"    <LBProbePorts><Port>16001</Port></LBProbePorts>\n"
"  </Machine>\n"
"  <Container>\n"
"    <ContainerId>c6d5526c-5ac2-4200-b6e2-56f2b70c5ab2</ContainerId>\n"
"    <RoleInstanceList>\n"
"      <RoleInstance>\n"
"        <InstanceId>b61f93d0-e1ed-40b2-b067-22c243233448.MachineRole_IN_0"
"</InstanceId>\n"
"        <State>Started</State>\n"
"        <Configuration>\n"
"          <HostingEnvironmentConfig>http://168.63.129.16:80/machine/"
"865f?comp=config&amp;type=hostingEnvironmentConfig&amp;incarnation=3"
"</HostingEnvironmentConfig>\n"
"          <ExtensionsConfig>http://168.63.129.16:80/machine/865f?"
"comp=config&amp;type=extensionsConfig&amp;incarnation=3"
"</ExtensionsConfig>\n"
"          <Certificates>http://168.63.129.16:80/machine/865f?"
"comp=certificates&amp;incarnation=3</Certificates>\n"
"        </Configuration>\n"
"      </RoleInstance>\n"
"    </RoleInstanceList>\n"
"  </Container>\n"
"</GoalState>\n";

static void
test_goal_state(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	char iso[32];

	unit_parse_str(up, KIND_GOALSTATE_XML, "var/lib/waagent/GoalState.3.xml",
	    goal_state_xml);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_well_formed(up);
	u = &up->rec[0];
	assert_int_equal(u->kind, KIND_GOALSTATE_XML);
	assert_field(u, "record", "goalstate");
	assert_field(u, "incarnation", "3");
	assert_field(u, "expected_state", "Started");
	assert_field(u, "role_state", "Started");
	assert_field(u, "container_id", "c6d5526c-5ac2-4200-b6e2-56f2b70c5ab2");
	assert_string_equal(u->text, "goal state incarnation 3: machine "
	    "Started, role Started, container "
	    "c6d5526c-5ac2-4200-b6e2-56f2b70c5ab2");
	/* The line of the root element. */
	assert_int_equal(u->line, 2);
	/* A flat-layout file carries no time. */
	assert_int_equal(u->time.zone, VTIME_NONE);
	unit_parse_free(up);

	/* In history/, the directory names the goal state's UTC time. */
	unit_parse_str(up, KIND_GOALSTATE_XML,
	    "var/lib/waagent/history/2024-05-01T10-20-30__3/GoalState.xml",
	    goal_state_xml);
	assert_int_equal(up->n, 1);
	u = &up->rec[0];
	assert_int_equal(u->time.zone, VTIME_UTC);
	vtime_format(&u->time, iso, sizeof iso);
	assert_string_equal(iso, "2024-05-01T10:20:30Z");
	unit_parse_free(up);

	/* A history zip's members are bare names under the zip's path. */
	unit_parse_str(up, KIND_GOALSTATE_XML,
	    "var/lib/waagent/history/2024-05-01T10-20-30__3-12.zip/"
	    "GoalState.xml", goal_state_xml);
	assert_int_equal(up->n, 1);
	assert_int_equal(up->rec[0].time.zone, VTIME_UTC);
	unit_parse_free(up);

	/* Not a history time: none. */
	unit_parse_str(up, KIND_GOALSTATE_XML,
	    "var/lib/waagent/history/2024-13-01T10-20-30__3/GoalState.xml",
	    goal_state_xml);
	assert_int_equal(up->n, 1);
	assert_int_equal(up->rec[0].time.zone, VTIME_NONE);
	unit_parse_free(up);

	/* A goal state with nothing but an incarnation. */
	unit_parse_str(up, KIND_GOALSTATE_XML, "GoalState.1.xml",
	    "<GoalState><Incarnation> 1 </Incarnation></GoalState>");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "incarnation", "1");
	assert_null(unit_field(&up->rec[0], "container_id"));
	assert_string_equal(up->rec[0].text, "goal state incarnation 1:");
}

/* Agents >= 2.9 leave a placeholder GoalState.1.xml: no goal state, and
 * nothing wrong with it either. */
static void
test_goal_state_placeholder(void **state)
{
	struct unit_parse *up = *state;

	unit_parse_str(up, KIND_GOALSTATE_XML, "var/lib/waagent/GoalState.1.xml",
	    "<xml>empty placeholder file</xml>");
	assert_int_equal(up->n, 0);
	assert_null(up->skip_reason);
	unit_parse_free(up);

	/* Another root is not a goal state, and is said so. */
	unit_parse_str(up, KIND_GOALSTATE_XML, "var/lib/waagent/GoalState.2.xml",
	    "<Extensions><Plugins/></Extensions>");
	assert_int_equal(up->n, 0);
	assert_string_equal(up->skip_reason,
	    "not a goal state: the root element is <Extensions>");
}

static const char ext_config_xml[] =
"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
"<Extensions version=\"1.0.0.0\" goalStateIncarnation=\"9\">"
"<GuestAgentExtension xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
"  <GAFamilies>\n"
"    <GAFamily><Name>Prod</Name><Version>2.9.1.1</Version>"
"<Uris><Uri>http://mock-goal-state/manifest_of_ga.xml</Uri></Uris>"
"</GAFamily>\n"
"    <GAFamily><Name>Test</Name><Uris><Uri>http://x/y.xml</Uri></Uris>"
"</GAFamily>\n"
"  </GAFamilies>\n"
"</GuestAgentExtension>\n"
"<Plugins>\n"
"  <Plugin name=\"" VMSNAP "\" version=\"1.0.9220.0\" "
"location=\"http://rdfepirv2.blob.core.windows.net/b01/" VMSNAP
"_manifest.xml\" config=\"\" state=\"enabled\" autoUpgrade=\"true\" "
"failoverlocation=\"http://x\" runAsStartupTask=\"false\" isJson=\"true\" "
"encodedSignature=\"MIIn2AYJKoZIhvcNAQcCoIInyTCCJ8UCAQExDzANBglghkgBZQMEAgEF"
"SIGNATUREBLOB\" />\n"
"  <Plugin name=\"Microsoft.Azure.Extensions.CustomScript\" "
"version=\"2.1.9\" state=\"disabled\" autoUpgrade=\"false\" />\n"
"  <Plugin name=\"Microsoft.CPlat.Core.RunCommandLinux\" version=\"1.0.5\" "
"state=\"uninstall\" />\n"
"</Plugins>\n"
"<PluginSettings>\n"
"  <Plugin name=\"" VMSNAP "\" version=\"1.0.9220.0\">\n"
"    <RuntimeSettings seqNo=\"12\">{\"runtimeSettings\":[{\"handlerSettings\":"
"{\"protectedSettingsCertThumbprint\":\"F6ABAA61098A301EBB8A571C3C7CF77F355F7"
"FA9\",\"protectedSettings\":\"MIICWgYJKPROTECTEDSECRET\",\"publicSettings\":"
"{\"locale\":\"en-us\",\"taskId\":\"767baff0\",\"logsBlobUri\":"
"\"https://sa.blob.core.windows.net/c/l?sv=2019&amp;sig=LOGSBLOBSIG\"}}}]}"
"</RuntimeSettings>\n"
"  </Plugin>\n"
"</PluginSettings>\n"
"<StatusUploadBlob statusBlobType=\"BlockBlob\">https://test.blob.core."
"windows.net/vhds/test-cs12.status?sr=b&amp;sp=rw&amp;se=9999-01-01&amp;"
"sk=key1&amp;sv=2014-02-14&amp;sig=STATUSBLOBSIGNATURE</StatusUploadBlob>\n"
"<InVMGoalStateMetaData inSvdSeqNo=\"10\" createdOnTicks=\"6377266577062"
"05217\" activityId=\"a33f6f53-43d6-4625-b322-1a01651ca8a3\" "
"correlationId=\"c143f8f0-a66b-4881-8c06-1efd278b0b02\" />\n"
"</Extensions>\n";

static void
test_extensions_config(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_EXTCONFIG_XML,
	    "var/lib/waagent/ExtensionsConfig.9.xml", ext_config_xml);
	assert_null(up->skip_reason);
	/* The summary, two agent families, three plugins. */
	assert_int_equal(up->n, 6);
	assert_well_formed(up);

	u = unit_find(up, "record", "extensions_config");
	assert_ptr_equal(u, &up->rec[0]);
	assert_field(u, "incarnation", "9");
	assert_field(u, "status_blob_type", "BlockBlob");
	assert_field(u, "in_svd_seq_no", "10");
	assert_field(u, "plugins", "3");
	assert_string_equal(u->text, "extensions config incarnation 9: 3 "
	    "plugins, status blob BlockBlob, inSvdSeqNo 10");

	u = unit_find(up, "record", "ga_family");
	assert_field(u, "name", "Prod");
	assert_field(u, "version", "2.9.1.1");
	assert_string_equal(u->text, "agent family Prod version 2.9.1.1");
	u = unit_find(up, "name", "Test");
	assert_non_null(u);
	assert_null(unit_field(u, "version"));

	u = unit_find(up, "extension", VMSNAP);
	assert_non_null(u);
	assert_field(u, "record", "plugin");
	assert_field(u, "extension_version", "1.0.9220.0");
	assert_field(u, "state", "enabled");
	assert_field(u, "auto_upgrade", "true");
	assert_string_equal(u->text, "plugin " VMSNAP " 1.0.9220.0: state "
	    "enabled, autoUpgrade true");
	assert_int_equal(u->line, 9);
	u = unit_find(up, "extension", "Microsoft.Azure.Extensions.CustomScript");
	assert_field(u, "state", "disabled");
	u = unit_find(up, "extension", "Microsoft.CPlat.Core.RunCommandLinux");
	assert_field(u, "state", "uninstall");
	assert_null(unit_field(u, "auto_upgrade"));

	/* What must never be copied. */
	unit_assert_absent(up, "STATUSBLOBSIGNATURE");
	unit_assert_absent(up, "sig=");
	unit_assert_absent(up, "test.blob.core.windows.net");
	unit_assert_absent(up, "PROTECTEDSECRET");
	unit_assert_absent(up, "protectedSettings");
	unit_assert_absent(up, "F6ABAA61098A301EBB8A571C3C7CF77F355F7FA9");
	unit_assert_absent(up, "LOGSBLOBSIG");
	unit_assert_absent(up, "SIGNATUREBLOB");
	unit_assert_absent(up, "runtimeSettings");
}

/* No plugins, no status blob: a record all the same. */
static void
test_extensions_config_empty(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_EXTCONFIG_XML,
	    "var/lib/waagent/history/2024-05-01T10-20-30__2/ExtensionsConfig.xml",
	    "<Extensions version=\"1.0.0.0\" goalStateIncarnation=\"2\">"
	    "<Plugins/><PluginSettings/></Extensions>");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	u = &up->rec[0];
	assert_field(u, "plugins", "0");
	assert_null(unit_field(u, "status_blob_type"));
	assert_string_equal(u->text, "extensions config incarnation 2: 0 "
	    "plugins");
	assert_int_equal(u->time.zone, VTIME_UTC);
	unit_parse_free(up);

	unit_parse_str(up, KIND_EXTCONFIG_XML, "ExtensionsConfig.1.xml",
	    "<Extensions><Plugins><Plugin name=\"A.B\" version=\"1\" "
	    "state=\"enabled\"/></Plugins><StatusUploadBlob "
	    "statusBlobType=\"PageBlob\">https://x/y?sig=PAGEBLOBSIG"
	    "</StatusUploadBlob></Extensions>");
	assert_int_equal(up->n, 2);
	assert_field(&up->rec[0], "plugins", "1");
	assert_field(&up->rec[0], "status_blob_type", "PageBlob");
	assert_null(unit_field(&up->rec[0], "incarnation"));
	assert_string_equal(up->rec[0].text, "extensions config: 1 plugin, "
	    "status blob PageBlob");
	unit_assert_absent(up, "PAGEBLOBSIG");
}

static void
test_hosting_shared(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_HOSTINGENV_XML,
	    "var/lib/waagent/HostingEnvironmentConfig.xml",
	    "<HostingEnvironmentConfig version=\"1.0.0.0\" "
	    "goalStateIncarnation=\"1\">\n"
	    "  <StoredCertificates><StoredCertificate name=\"Stored0\" "
	    "certificateId=\"sha1:C093FA5CD3AAE057\" storeName=\"My\" />"
	    "</StoredCertificates>\n"
	    "  <Deployment name=\"db00a7755a5e4e8a8fe4b19bc3b330c3\" "
	    "guid=\"{ce5a036f}\" incarnation=\"2\"><Service "
	    "name=\"MyVMRoleService\"/></Deployment>\n"
	    "  <Incarnation number=\"1\" instance=\"MachineRole_IN_0\" "
	    "guid=\"{a0fa}\" />\n"
	    "  <Role guid=\"{73d9}\" name=\"myvm\" hostingEnvironmentVersion=\"1\""
	    " />\n"
	    "  <ApplicationSettings><Setting name=\"Diagnostics.ConnectionString\""
	    " value=\"DefaultEndpointsProtocol=http;AccountName=osimages;"
	    "AccountKey=ACCOUNTKEYSECRET\" /></ApplicationSettings>\n"
	    "</HostingEnvironmentConfig>\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_well_formed(up);
	u = &up->rec[0];
	assert_field(u, "record", "hosting_environment");
	assert_field(u, "deployment", "db00a7755a5e4e8a8fe4b19bc3b330c3");
	assert_field(u, "role", "myvm");
	assert_field(u, "incarnation", "1");
	assert_field(u, "instance", "MachineRole_IN_0");
	assert_string_equal(u->text, "hosting environment: deployment "
	    "db00a7755a5e4e8a8fe4b19bc3b330c3, role myvm, instance "
	    "MachineRole_IN_0, incarnation 1");
	unit_assert_absent(up, "ACCOUNTKEYSECRET");
	unit_parse_free(up);

	/* Without goalStateIncarnation the <Incarnation number> serves. */
	unit_parse_str(up, KIND_HOSTINGENV_XML, "HostingEnvironmentConfig.xml",
	    "<HostingEnvironmentConfig><Incarnation number=\"7\" "
	    "instance=\"i\"/></HostingEnvironmentConfig>");
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "incarnation", "7");
	unit_parse_free(up);

	unit_parse_str(up, KIND_SHAREDCONFIG_XML,
	    "var/lib/waagent/SharedConfig.xml",
	    "<SharedConfig version=\"1.0.0.0\" goalStateIncarnation=\"1\">\n"
	    "  <Deployment name=\"db00a7755a5e4e8a8fe4b19bc3b330c3\" "
	    "guid=\"{ce5a}\" incarnation=\"2\" />\n"
	    "  <Incarnation number=\"1\" instance=\"MachineRole_IN_0\" />\n"
	    "  <Role guid=\"{73d9}\" name=\"myvm\" settleTimeSeconds=\"10\" />\n"
	    "  <LoadBalancerSettings timeoutSeconds=\"0\"><Probes><Probe "
	    "name=\"MachineRole\" /></Probes></LoadBalancerSettings>\n"
	    "  <Instances>\n"
	    "    <Instance id=\"myvm\" address=\"10.0.0.4\"><FaultDomains "
	    "randomId=\"0\" /></Instance>\n"
	    "  </Instances>\n"
	    "</SharedConfig>\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_well_formed(up);
	u = &up->rec[0];
	assert_field(u, "record", "shared_config");
	assert_field(u, "deployment", "db00a7755a5e4e8a8fe4b19bc3b330c3");
	assert_field(u, "role", "myvm");
	assert_field(u, "instance", "myvm");
	assert_field(u, "address", "10.0.0.4");
	assert_string_equal(u->text, "shared config: deployment "
	    "db00a7755a5e4e8a8fe4b19bc3b330c3, role myvm, instance myvm, "
	    "address 10.0.0.4");
	unit_parse_free(up);

	/* No <Instances>: the instance from <Incarnation>. */
	unit_parse_str(up, KIND_SHAREDCONFIG_XML, "SharedConfig.xml",
	    "<SharedConfig><Incarnation instance=\"MachineRole_IN_0\"/>"
	    "</SharedConfig>");
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "instance", "MachineRole_IN_0");
	assert_null(unit_field(&up->rec[0], "address"));
}

static const char ovf_env_xml[] =
"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
"<Environment xmlns=\"http://schemas.dmtf.org/ovf/environment/1\" "
"xmlns:oe=\"http://schemas.dmtf.org/ovf/environment/1\" "
"xmlns:wa=\"http://schemas.microsoft.com/windowsazure\" "
"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
"  <wa:ProvisioningSection>\n"
"    <wa:Version>1.0</wa:Version>\n"
"    <LinuxProvisioningConfigurationSet "
"xmlns=\"http://schemas.microsoft.com/windowsazure\">\n"
"      <ConfigurationSetType>LinuxProvisioningConfiguration"
"</ConfigurationSetType>\n"
"      <HostName>backupvm01</HostName>\n"
"      <UserName>azureuser</UserName>\n"
"      <UserPassword>Pa55w0rdSECRET!</UserPassword>\n"
"      <DisableSshPasswordAuthentication>false"
"</DisableSshPasswordAuthentication>\n"
"      <SSH><PublicKeys><PublicKey>"
"<Fingerprint>EB0C0AB4B2D5FC35F2F0658D19F44C8283E2DD62</Fingerprint>"
"<Path>$HOME/azureuser/.ssh/authorized_keys</Path>"
"<Value>ssh-rsa AAAAKEYMATERIAL== foo@bar</Value>"
"</PublicKey></PublicKeys></SSH>\n"
"      <CustomData>I2Nsb3VkLWNvbmZpZwpDVVNUT01EQVRBU0VDUkVU</CustomData>\n"
"    </LinuxProvisioningConfigurationSet>\n"
"  </wa:ProvisioningSection>\n"
"  <wa:PlatformSettingsSection>\n"
"    <wa:Version>1.0</wa:Version>\n"
"    <wa:PlatformSettings>\n"
"      <wa:KmsServerHostname>kms.core.windows.net</wa:KmsServerHostname>\n"
"      <wa:ProvisionGuestAgent>true</wa:ProvisionGuestAgent>\n"
"      <wa:GuestAgentPackageName xsi:nil=\"true\"/>\n"
"      <wa:PreprovisionedVm>false</wa:PreprovisionedVm>\n"
"    </wa:PlatformSettings>\n"
"  </wa:PlatformSettingsSection>\n"
"</Environment>\n";

static void
test_ovf_env(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_OVF_ENV_XML, "var/lib/waagent/ovf-env.xml",
	    ovf_env_xml);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_well_formed(up);
	u = &up->rec[0];
	assert_field(u, "record", "ovf_env");
	/* Namespaced and prefixed elements, by local name. */
	assert_field(u, "hostname", "backupvm01");
	assert_field(u, "username", "azureuser");
	assert_field(u, "provision_guest_agent", "true");
	assert_field(u, "preprovisioned_vm", "false");
	assert_field(u, "disable_ssh_password_auth", "false");
	assert_string_equal(u->text, "provisioning: host backupvm01, user "
	    "azureuser, provision guest agent true, preprovisioned VM false, "
	    "SSH password authentication disabled false");
	unit_assert_absent(up, "Pa55w0rd");
	unit_assert_absent(up, "SECRET");
	unit_assert_absent(up, "I2Nsb3VkLWNvbmZpZw");
	unit_assert_absent(up, "AAAAKEYMATERIAL");
	unit_assert_absent(up, "EB0C0AB4B2D5FC35");
	unit_parse_free(up);

	/* Only the secrets: a record without them, not a skip. */
	unit_parse_str(up, KIND_OVF_ENV_XML, "ovf-env.xml",
	    "<Environment><ProvisioningSection><UserPassword>hunter2"
	    "</UserPassword><CustomData>c2VjcmV0</CustomData>"
	    "</ProvisioningSection></Environment>");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_int_equal(up->rec[0].nfields, 1);
	assert_string_equal(up->rec[0].text, "provisioning:");
	unit_assert_absent(up, "hunter2");
	unit_assert_absent(up, "c2VjcmV0");
}

/*
 * An external entity would have the parser read a file of the machine
 * running the analysis: the document is refused at its DOCTYPE, with a
 * reason, and nothing of the file appears.
 */
static void
test_hostile_xxe(void **state)
{
	struct unit_parse *up = *state;
	char path[64];
	FILE *f;

	/* A file to point the entity at, with a marker in it. */
	snprintf(path, sizeof path, "/tmp/vmtriage-xxe-%ld.txt", (long)getpid());
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("XXEMARKERCONTENT\n", f);
	fclose(f);

	{
		char doc[512];

		snprintf(doc, sizeof doc,
		    "<?xml version=\"1.0\"?>\n"
		    "<!DOCTYPE GoalState [\n"
		    "  <!ENTITY xxe SYSTEM \"file://%s\">\n"
		    "  <!ENTITY passwd SYSTEM \"file:///etc/passwd\">\n"
		    "]>\n"
		    "<GoalState><Incarnation>&xxe;</Incarnation>"
		    "<Container><ContainerId>&passwd;</ContainerId></Container>"
		    "</GoalState>\n", path);
		unit_parse_str(up, KIND_GOALSTATE_XML, "GoalState.1.xml", doc);
	}
	remove(path);
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	assert_non_null(strstr(up->skip_reason, "DOCTYPE"));
	assert_null(strstr(up->skip_reason, "XXEMARKER"));
	assert_null(strstr(up->skip_reason, "root:"));
	unit_parse_free(up);

	/* An external DTD, and a parameter entity. */
	unit_parse_str(up, KIND_EXTCONFIG_XML, "ExtensionsConfig.1.xml",
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE Extensions SYSTEM \"http://169.254.169.254/evil.dtd\">\n"
	    "<Extensions><Plugins/></Extensions>\n");
	assert_int_equal(up->n, 0);
	assert_non_null(strstr(up->skip_reason, "DOCTYPE"));
	unit_parse_free(up);

	unit_parse_str(up, KIND_OVF_ENV_XML, "ovf-env.xml",
	    "<!DOCTYPE Environment [ <!ENTITY % p SYSTEM \"file:///etc/passwd\">"
	    " %p; ]><Environment/>");
	assert_int_equal(up->n, 0);
	assert_non_null(strstr(up->skip_reason, "DOCTYPE"));
}

/* Entity expansion: refused before any entity is declared. */
static void
test_hostile_billion_laughs(void **state)
{
	struct unit_parse *up = *state;
	struct strbuf sb;
	int i, j;

	strbuf_init(&sb, 0);
	strbuf_addstr(&sb, "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
	    "  <!ENTITY lol \"lol\">\n");
	for (i = 1; i <= 9; i++) {
		strbuf_addf(&sb, "  <!ENTITY lol%d \"", i);
		for (j = 0; j < 10; j++)
			strbuf_addf(&sb, i == 1 ? "&lol;" : "&lol%d;", i - 1);
		strbuf_addstr(&sb, "\">\n");
	}
	strbuf_addstr(&sb, "]>\n<GoalState><Incarnation>&lol9;</Incarnation>"
	    "</GoalState>\n");
	unit_parse_buf(up, KIND_GOALSTATE_XML, "GoalState.1.xml",
	    strbuf_str(&sb), sb.len, NULL);
	strbuf_release(&sb);
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	assert_non_null(strstr(up->skip_reason, "DOCTYPE"));
	unit_parse_free(up);

	/* Without a DOCTYPE an undeclared entity is an error, not text. */
	unit_parse_str(up, KIND_GOALSTATE_XML, "GoalState.1.xml",
	    "<GoalState><Incarnation>&lol9;</Incarnation></GoalState>");
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	assert_true(strncmp(up->skip_reason, "invalid XML at line 1", 21) == 0);
}

static void
test_truncated(void **state)
{
	struct unit_parse *up = *state;
	size_t cut;

	/* Cut in the middle, as a full disk or a zip cut short leaves it. */
	cut = strlen(ext_config_xml) / 2;
	unit_parse_buf(up, KIND_EXTCONFIG_XML, "ExtensionsConfig.9.xml",
	    ext_config_xml, cut, NULL);
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	assert_true(strncmp(up->skip_reason, "invalid XML at line ", 20) == 0);
	/* One printable line. */
	assert_null(strchr(up->skip_reason, '\n'));
	assert_true(strlen(up->skip_reason) < 300);
	unit_parse_free(up);

	/* Cut inside the status blob's URL: the reason does not quote it. */
	cut = (size_t)(strstr(ext_config_xml, "STATUSBLOBSIG") -
	    ext_config_xml) + 8;
	unit_parse_buf(up, KIND_EXTCONFIG_XML, "ExtensionsConfig.9.xml",
	    ext_config_xml, cut, NULL);
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	unit_assert_absent(up, "STATUSBL");
	unit_parse_free(up);

	/* Just the declaration. */
	unit_parse_str(up, KIND_GOALSTATE_XML, "GoalState.1.xml",
	    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	unit_parse_free(up);

	/* Empty and blank files. */
	unit_parse_str(up, KIND_GOALSTATE_XML, "GoalState.1.xml", "");
	assert_string_equal(up->skip_reason, "empty file");
	unit_parse_free(up);
	unit_parse_str(up, KIND_SHAREDCONFIG_XML, "SharedConfig.xml", "\n \r\n");
	assert_string_equal(up->skip_reason, "empty file");
	assert_int_equal(up->n, 0);
}

/* Not XML at all under an XML name. */
static void
test_not_xml(void **state)
{
	struct unit_parse *up = *state;
	unsigned char bin[256];
	size_t i;

	unit_parse_str(up, KIND_GOALSTATE_XML, "GoalState.1.xml",
	    "{\"this\": \"is json\"}\n");
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	assert_true(strncmp(up->skip_reason, "invalid XML", 11) == 0);
	unit_parse_free(up);

	unit_parse_str(up, KIND_OVF_ENV_XML, "ovf-env.xml",
	    "2024-02-01T10:00:00.000000Z INFO Daemon Daemon not xml\n");
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	unit_parse_free(up);

	for (i = 0; i < sizeof bin; i++)
		bin[i] = (unsigned char)(i * 97 + 3);
	unit_parse_buf(up, KIND_HOSTINGENV_XML, "HostingEnvironmentConfig.xml",
	    bin, sizeof bin, NULL);
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	assert_true(text_valid_utf8(up->skip_reason, strlen(up->skip_reason)));
	for (i = 0; up->skip_reason[i] != '\0'; i++)
		assert_true((unsigned char)up->skip_reason[i] >= 0x20);
	unit_parse_free(up);

	/* Well-formed, but another file's root. */
	unit_parse_str(up, KIND_OVF_ENV_XML, "ovf-env.xml", goal_state_xml);
	assert_int_equal(up->n, 0);
	assert_string_equal(up->skip_reason,
	    "not a provisioning environment: the root element is <GoalState>");
	unit_parse_free(up);

	/* A root name too long to quote whole. */
	{
		struct strbuf sb;

		strbuf_init(&sb, 0);
		strbuf_addch(&sb, '<');
		for (i = 0; i < 500; i++)
			strbuf_addch(&sb, 'R');
		strbuf_addstr(&sb, "/>");
		unit_parse_buf(up, KIND_SHAREDCONFIG_XML, "SharedConfig.xml",
		    strbuf_str(&sb), sb.len, NULL);
		strbuf_release(&sb);
		assert_int_equal(up->n, 0);
		assert_non_null(up->skip_reason);
		assert_true(strlen(up->skip_reason) < 200);
	}
}

/* Prefixes and default namespaces vary between writers. */
static void
test_namespaces(void **state)
{
	struct unit_parse *up = *state;

	unit_parse_str(up, KIND_GOALSTATE_XML, "GoalState.5.xml",
	    "<gs:GoalState xmlns:gs=\"urn:example:gs\">"
	    "<gs:Incarnation>5</gs:Incarnation>"
	    "<gs:Machine><gs:ExpectedState>Stopped</gs:ExpectedState>"
	    "</gs:Machine></gs:GoalState>");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "incarnation", "5");
	assert_field(&up->rec[0], "expected_state", "Stopped");
	unit_parse_free(up);

	unit_parse_str(up, KIND_EXTCONFIG_XML, "ExtensionsConfig.5.xml",
	    "<Extensions xmlns=\"urn:example:ext\" xmlns:p=\"urn:p\" "
	    "goalStateIncarnation=\"5\"><p:Plugins><p:Plugin p:name=\"A.B\" "
	    "version=\"1.2\" state=\"enabled\"/></p:Plugins></Extensions>");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	assert_field(&up->rec[0], "plugins", "1");
	/* Attributes too, by local name. */
	assert_field(&up->rec[1], "extension", "A.B");
	assert_field(&up->rec[1], "extension_version", "1.2");
}

/* UTF-16 with a BOM, and a declared encoding. */
static void
test_utf16(void **state)
{
	struct unit_parse *up = *state;
	const char *doc = "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n"
	    "<GoalState><Incarnation>4</Incarnation><Machine><ExpectedState>"
	    "Started</ExpectedState></Machine></GoalState>\n";
	unsigned char *buf;
	size_t i, n = strlen(doc);
	int le;

	for (le = 1; le >= 0; le--) {
		buf = xmalloc(2 * n + 2);
		buf[0] = le ? 0xff : 0xfe;
		buf[1] = le ? 0xfe : 0xff;
		for (i = 0; i < n; i++) {
			buf[2 + 2 * i + !le] = (unsigned char)doc[i];
			buf[2 + 2 * i + le] = 0;
		}
		unit_parse_buf(up, KIND_GOALSTATE_XML, "GoalState.4.xml", buf,
		    2 * n + 2, NULL);
		free(buf);
		assert_null(up->skip_reason);
		assert_int_equal(up->n, 1);
		assert_field(&up->rec[0], "incarnation", "4");
		assert_field(&up->rec[0], "expected_state", "Started");
		unit_parse_free(up);
	}

	/* Non-ASCII in UTF-8 comes through as UTF-8; a value in Latin-1
	 * declared as such is converted. */
	unit_parse_str(up, KIND_OVF_ENV_XML, "ovf-env.xml",
	    "<Environment><ProvisioningSection><HostName>h\xc3\xb6st</HostName>"
	    "</ProvisioningSection></Environment>");
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "hostname", "h\xc3\xb6st");
	unit_parse_free(up);
	unit_parse_str(up, KIND_OVF_ENV_XML, "ovf-env.xml",
	    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
	    "<Environment><ProvisioningSection><HostName>h\xf6st</HostName>"
	    "</ProvisioningSection></Environment>");
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "hostname", "h\xc3\xb6st");
	unit_parse_free(up);

	/* Invalid UTF-8 in a UTF-8 document: refused, with a clean reason. */
	unit_parse_str(up, KIND_OVF_ENV_XML, "ovf-env.xml",
	    "<Environment><ProvisioningSection><HostName>h\xff\xfe"
	    "</HostName></ProvisioningSection></Environment>");
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	assert_true(text_valid_utf8(up->skip_reason, strlen(up->skip_reason)));
}

/* Values are bounded, and the record says a value was cut. */
static void
test_long_values(void **state)
{
	struct unit_parse *up = *state;
	struct strbuf sb;
	size_t i;

	strbuf_init(&sb, 0);
	strbuf_addstr(&sb, "<GoalState><Incarnation>1</Incarnation><Container>"
	    "<ContainerId>");
	for (i = 0; i < 3000; i++)
		strbuf_addstr(&sb, "\xc3\xa9");
	strbuf_addstr(&sb, "</ContainerId></Container></GoalState>");
	unit_parse_buf(up, KIND_GOALSTATE_XML, "GoalState.1.xml",
	    strbuf_str(&sb), sb.len, NULL);
	assert_int_equal(up->n, 1);
	assert_int_equal(up->rec[0].cut, 1);
	assert_true(strlen(unit_field(&up->rec[0], "container_id")) <= 512);
	assert_true(text_valid_utf8(unit_field(&up->rec[0], "container_id"),
	    strlen(unit_field(&up->rec[0], "container_id"))));
	unit_parse_free(up);

	/* Many plugins: one record each. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "<Extensions><Plugins>");
	for (i = 0; i < 200; i++)
		strbuf_addf(&sb, "<Plugin name=\"P.N%zu\" version=\"1.%zu\" "
		    "state=\"enabled\"/>", i, i);
	strbuf_addstr(&sb, "</Plugins></Extensions>");
	unit_parse_buf(up, KIND_EXTCONFIG_XML, "ExtensionsConfig.1.xml",
	    strbuf_str(&sb), sb.len, NULL);
	assert_int_equal(up->n, 201);
	assert_field(&up->rec[0], "plugins", "200");
	assert_field(&up->rec[200], "extension", "P.N199");
	unit_parse_free(up);

	/* Over the document limit: skipped, nothing read. */
	{
		struct limits lim;

		limits_default(&lim);
		lim.max_doc_bytes = 1024;
		unit_parse_buf(up, KIND_EXTCONFIG_XML, "ExtensionsConfig.1.xml",
		    strbuf_str(&sb), sb.len, &lim);
		assert_int_equal(up->n, 0);
		assert_non_null(up->skip_reason);
		assert_non_null(strstr(up->skip_reason, "size limit"));
	}
	strbuf_release(&sb);
}

/* The agent's own test data. */
static void
test_corpus(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	char path[1100], *buf;
	size_t len = 0;

	if (unit_corpus_dir() == NULL)
		skip();
	snprintf(path, sizeof path, "%s/linux/walinuxagent/wire/goal_state.xml",
	    unit_corpus_dir());
	if ((buf = unit_read_file(path, &len)) != NULL) {
		unit_parse_buf(up, KIND_GOALSTATE_XML, "GoalState.1.xml", buf,
		    len, NULL);
		free(buf);
		assert_null(up->skip_reason);
		assert_int_equal(up->n, 1);
		assert_field(&up->rec[0], "incarnation", "1");
		assert_field(&up->rec[0], "role_state", "Started");
		unit_parse_free(up);
	}
	snprintf(path, sizeof path, "%s/linux/walinuxagent/wire/"
	    "ext_conf-no_encoded_signature.xml", unit_corpus_dir());
	if ((buf = unit_read_file(path, &len)) != NULL) {
		unit_parse_buf(up, KIND_EXTCONFIG_XML, "ExtensionsConfig.9.xml",
		    buf, len, NULL);
		free(buf);
		assert_null(up->skip_reason);
		u = unit_find(up, "record", "plugin");
		assert_non_null(u);
		assert_field(u, "extension", "OSTCExtensions.ExampleHandlerLinux");
		assert_field(u, "state", "enabled");
		assert_field(&up->rec[0], "status_blob_type", "BlockBlob");
		unit_assert_absent(up, "sig=");
		unit_assert_absent(up, "MIICWgYJK");
		unit_parse_free(up);
	}
	snprintf(path, sizeof path, "%s/linux/walinuxagent/wire/ovf-env.xml",
	    unit_corpus_dir());
	if ((buf = unit_read_file(path, &len)) != NULL) {
		unit_parse_buf(up, KIND_OVF_ENV_XML, "ovf-env.xml", buf, len,
		    NULL);
		free(buf);
		assert_null(up->skip_reason);
		assert_int_equal(up->n, 1);
		assert_field(&up->rec[0], "hostname", "HostName");
		assert_field(&up->rec[0], "provision_guest_agent", "false");
		unit_assert_absent(up, "UserPassword");
		unit_assert_absent(up, "CustomData");
		unit_assert_absent(up, "NOTAREALKEY");
		unit_parse_free(up);
	}
	snprintf(path, sizeof path, "%s/linux/walinuxagent/wire/hosting_env.xml",
	    unit_corpus_dir());
	if ((buf = unit_read_file(path, &len)) != NULL) {
		unit_parse_buf(up, KIND_HOSTINGENV_XML,
		    "HostingEnvironmentConfig.xml", buf, len, NULL);
		free(buf);
		assert_null(up->skip_reason);
		assert_field(&up->rec[0], "role", "MachineRole");
		unit_assert_absent(up, "AccountKey");
		unit_parse_free(up);
	}
	snprintf(path, sizeof path, "%s/linux/walinuxagent/wire/"
	    "shared_config.xml", unit_corpus_dir());
	if ((buf = unit_read_file(path, &len)) != NULL) {
		unit_parse_buf(up, KIND_SHAREDCONFIG_XML, "SharedConfig.xml",
		    buf, len, NULL);
		free(buf);
		assert_null(up->skip_reason);
		assert_field(&up->rec[0], "deployment",
		    "db00a7755a5e4e8a8fe4b19bc3b330c3");
		assert_non_null(unit_field(&up->rec[0], "address"));
		unit_parse_free(up);
	}
}

/* Nested past libxml2's depth limit: skipped with a reason that does
 * not suggest lifting it. */
static void
test_too_deep(void **state)
{
	struct unit_parse *up = *state;
	struct strbuf sb = STRBUF_INIT;
	int i;

	strbuf_addstr(&sb, "<GoalState>");
	for (i = 0; i < 300; i++)
		strbuf_addstr(&sb, "<a>");
	for (i = 0; i < 300; i++)
		strbuf_addstr(&sb, "</a>");
	strbuf_addstr(&sb, "</GoalState>\n");
	unit_parse_str(up, KIND_GOALSTATE_XML, "var/lib/waagent/GoalState.1.xml",
	    strbuf_str(&sb));
	assert_int_equal(up->n, 0);
	assert_skip(up, "XML nested deeper than libxml2 allows");
	assert_null(strstr(up->skip_reason, "HUGE"));
	strbuf_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_too_deep, unit_reset),
		cmocka_unit_test_teardown(test_goal_state, unit_reset),
		cmocka_unit_test_teardown(test_goal_state_placeholder, unit_reset),
		cmocka_unit_test_teardown(test_extensions_config, unit_reset),
		cmocka_unit_test_teardown(test_extensions_config_empty, unit_reset),
		cmocka_unit_test_teardown(test_hosting_shared, unit_reset),
		cmocka_unit_test_teardown(test_ovf_env, unit_reset),
		cmocka_unit_test_teardown(test_hostile_xxe, unit_reset),
		cmocka_unit_test_teardown(test_hostile_billion_laughs, unit_reset),
		cmocka_unit_test_teardown(test_truncated, unit_reset),
		cmocka_unit_test_teardown(test_not_xml, unit_reset),
		cmocka_unit_test_teardown(test_namespaces, unit_reset),
		cmocka_unit_test_teardown(test_utf16, unit_reset),
		cmocka_unit_test_teardown(test_long_values, unit_reset),
		cmocka_unit_test_teardown(test_corpus, unit_reset),
	};

	return cmocka_run_group_tests(tests, unit_setup, unit_teardown);
}
