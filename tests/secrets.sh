#!/bin/sh
# Secrets never leave the program: two bundles (Linux, Windows) are built
# at test time from the samples, with a secret in every place a bundle
# carries one, each marked SEKRIT<id>; every output (the text and JSON
# reports, --all-facts, --symptom, records of every kind) of each, as a
# directory and as a zip, must hold no marker, and must keep the shape
# ("sig=<redacted>").  README.md "Limits and redaction" is the promise.
. "$SRCDIR/tests/setup.sh"
need jq
: "${MKBUNDLE:?set MKBUNDLE}"

# 88 characters: a 64-byte key in base64, with its marker.
KEY88="SEKRIT@k8Xc2tzZWNyZXRrZXk0Mzg5MjA0ODkyMzg0OTIzODQ5MjM0OTgyMzQ5ODIzNDk4MjM0OTgyMzQ5ODIz=="
# A certificate as DER in base64, with markers well inside.
CERT=$(printf 'MIIDBTCCAe2gAwIBAgIQSEKRIT@c1'; i=0
    while [ $i -lt 16 ]; do printf 'A0GCSqGSIb3DQEBCwUAMCgxJjAkBgNVBAMTHW%02dSEKRIT@c2x' $i; i=$((i + 1)); done
    printf '==')
# The PEM body lines carry the marker too.
pem() {
	printf -- '-----BEGIN %s-----\n' "$1"
	printf 'MIIEowIBAAKCAQEA%sSEKRIT%s0aXhQ2FtdQqn6yP0\n' "$2" "$3"
	printf 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABSEKRIT%s\n' "$3"
	printf -- '-----END %s-----\n' "$1"
}

# The secrets a log line may carry, one per line; @ becomes the id of the
# place, so that a leak says where it came from.
payloads() {
	cat <<EOF | sed "s/@/$1/g"
GET https://md-hdd.blob.core.windows.net/c1/abcd?sv=SEKRIT@sv&sr=b&st=SEKRIT@st&se=SEKRIT@se&sp=SEKRIT@sp&skoid=SEKRIT@skoid&sktid=SEKRIT@sktid&sig=SEKRIT@sig%2BAbC%3D HTTP/1.1
uploading to https://md-hdd.blob.core.windows.net/c1/b?sig=SEKRIT@sig2&se=2025-01-01
Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.SEKRIT@bearer.c2ln
Authorization: Basic SEKRIT@basicdXNlcjpwYXNz
Authorization: SharedKey mdaccount:SEKRIT@sharedkey+def=
request headers: {'x-ms-version': '2012-11-30', 'Authorization': 'Bearer SEKRIT@pydict'}
request headers: {"x-ms-version": "2012-11-30", "Authorization": "Bearer SEKRIT@jsondict"}
running /usr/sbin/chpasswd --password SEKRIT@dashdash azureuser
running setup.exe -password SEKRIT@dash /quiet
set password=SEKRIT@eq for user azureuser
net user azureuser --password=SEKRIT@dasheq
settings: {"password": "SEKRIT@json", "user": "azureuser"}
DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=SEKRIT@acctkey/def+==;EndpointSuffix=core.windows.net
Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=SEKRIT@sakey=
client_secret=SEKRIT@clientsecret tenant=72f9
handler settings: {"protectedSettingsCertThumbprint": "18FF1DCC6A3998898A97937314CD9CA66FBF10AF", "protectedSettings": "SEKRIT@prot"}
handler settings: {"protectedSettings": {"storageAccountKey": "SEKRIT@protobj", "commandToExecute": "echo SEKRIT@protcmd"}, "publicSettings": {}}
<UserPassword>SEKRIT@xmlpw</UserPassword><CustomData>SEKRIT@xmlcd</CustomData>
storage key: $KEY88 in use
certificate: $CERT
EOF
}

# Lines of the Linux agent's log, one record each, and PEM blocks as
# continuation lines of a record.
waagent_lines() {
	payloads "$1" | while IFS= read -r p; do
		printf '2025-11-05T16:00:00.000000Z INFO ExtHandler ExtHandler %s\n' "$p"
	done
	for k in 'RSA PRIVATE KEY' 'EC PRIVATE KEY' 'OPENSSH PRIVATE KEY' \
	    'PRIVATE KEY' 'ENCRYPTED PRIVATE KEY' 'CERTIFICATE'; do
		printf '2025-11-05T16:00:01.000000Z ERROR ExtHandler ExtHandler Failed to load the key:\n'
		pem "$k" "" "$1$(echo "$k" | tr -dc 'A-Z' | cut -c1-6)"
	done
}

# XML text: & and < escaped.
xml_escape() {
	sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'
}

# JSON string content: \ and " escaped.
json_escape() {
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'
}

# Appends a secret to each line of file that a report shows as evidence
# (from the golden report of the sample), so that they reach the reports.
append_to_evidence() {
	case=$1 dir=$2 id=$3
	jq -r '.findings[].evidence[] | select(.line > 0) | "\(.file)\t\(.line)"' \
	    "$SRCDIR/tests/golden/$case.json" | sort -u > "$T/ev.list"
	k=1
	while IFS="$(printf '\t')" read -r f n; do
		p=$(payloads "$id$k" | sed -n "${k}p")
		[ -n "$p" ] || { k=1; p=$(payloads "$id$k" | sed -n 1p); }
		awk -v n="$n" -v p="$p" '
		    NR == n { sub(/\r$/, ""); print $0 " " p "\r"; next } { print }' \
		    "$dir/$f" > "$T/ev.tmp" && cat "$T/ev.tmp" > "$dir/$f"
		k=$((k + 1))
	done < "$T/ev.list"
}

# --- Linux ----------------------------------------------------------------
L="$T/linux"
lcase=extension-provisioning-failed
[ -d "$SAMPLES/$lcase" ] || lcase=$(ls "$SAMPLES" | grep -v healthy | head -1)
cp -R "$SAMPLES/$lcase" "$L"
append_to_evidence "$lcase" "$L" E
waagent_lines L >> "$L/var/log/waagent.log"
ext=$(ls -d "$L"/var/lib/waagent/*-[0-9]*/ | head -1)
mkdir -p "$ext/status" "$ext/config"
# A status whose messages carry secrets, one as JSON inside a string.
{
	printf '[{"version": "1.0", "timestampUTC": "2025-11-05T16:00:00Z", "status": {"name": "x", "operation": "Enable", "status": "error", "code": 1, "formattedMessage": {"lang": "en-US", "message": "'
	payloads S | json_escape | tr '\n' ' '
	printf '"}, "substatus": [{"name": "StdErr", "status": "error", "code": 1, "formattedMessage": {"lang": "en-US", "message": "{\\"protectedSettings\\": \\"SEKRITSsub\\", \\"password\\": \\"SEKRITSsubpw\\"}"}}]}}]\n'
} > "$ext/status/99.status"
printf '{"runtimeSettings": [{"handlerSettings": {"protectedSettingsCertThumbprint": "18FF1DCC6A3998898A97937314CD9CA66FBF10AF", "protectedSettings": "MIIB8wYJKoZIhvcNAQcDSEKRITNsettings", "publicSettings": {"commandToExecute": "sh x.sh"}}}, {"handlerSettings": {"protectedSettings": {"storageAccountKey": "SEKRITNobj"}}}]}\n' \
    > "$ext/config/99.settings"
# The extensions configuration: SAS URLs, protected settings as a string
# and as an object.
cat > "$L/var/lib/waagent/ExtensionsConfig.99.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<Extensions version="1.0.0.0" goalStateIncarnation="99">
<StatusUploadBlob statusBlobType="PageBlob">https://md-db.blob.core.windows.net/$system/vm.status?sv=2018-03-28&amp;sr=b&amp;sk=system-1&amp;sig=SEKRITXsig%3D&amp;se=SEKRITXse&amp;sp=w</StatusUploadBlob>
<InVMArtifactsProfileBlob>https://md-db.blob.core.windows.net/$system/vm.vmSettings?sv=2018-03-28&amp;sr=b&amp;sig=SEKRITXsig2%3D&amp;se=2025-02-19T07:02:19Z&amp;sp=r</InVMArtifactsProfileBlob>
<Plugins>
  <Plugin name="Microsoft.Azure.Extensions.CustomScript" version="2.1.10" location="https://umsa.blob.core.windows.net/a/m.xml?sv=2018&amp;sig=SEKRITXsig3" state="enabled" autoUpgrade="false" failoverlocation="https://umsb.blob.core.windows.net/a/m.xml?sig=SEKRITXsig4" runAsStartupTask="false" isJson="true" useExactVersion="true" />
</Plugins>
<PluginSettings>
  <Plugin name="Microsoft.Azure.Extensions.CustomScript" version="2.1.10">
    <RuntimeSettings seqNo="99">{"runtimeSettings":[{"handlerSettings":{"protectedSettingsCertThumbprint":"18FF1DCC6A3998898A97937314CD9CA66FBF10AF","protectedSettings":"MIIB8wYJKoZIhvcNAQcDSEKRITXprot","publicSettings":{"commandToExecute":"sh x.sh"}}},{"handlerSettings":{"protectedSettings":{"storageAccountKey":"SEKRITXprotobj","fileUris":["https://a.blob.core.windows.net/s/x.sh?sv=1&amp;sig=SEKRITXsig5"]}}}]}</RuntimeSettings>
  </Plugin>
</PluginSettings>
</Extensions>
EOF
# Provisioning: the password and custom data.
cat > "$L/var/lib/waagent/ovf-env.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<Environment xmlns="http://schemas.dmtf.org/ovf/environment/1" xmlns:wa="http://schemas.microsoft.com/windowsazure">
  <wa:ProvisioningSection><wa:Version>1.0</wa:Version>
    <LinuxProvisioningConfigurationSet xmlns="http://schemas.microsoft.com/windowsazure">
      <ConfigurationSetType>LinuxProvisioningConfiguration</ConfigurationSetType>
      <HostName>vm1</HostName><UserName>azureuser</UserName>
      <UserPassword>SEKRITOpassword</UserPassword>
      <DisableSshPasswordAuthentication>false</DisableSshPasswordAuthentication>
      <CustomData>IyEvYmluL2Jhc2gKSEKRITOcustomdata==</CustomData>
    </LinuxProvisioningConfigurationSet>
  </wa:ProvisioningSection>
</Environment>
EOF
# Certificates: base64 DER in <Data>, and PEM files beside it.
{
	printf '<?xml version="1.0" encoding="utf-8"?>\n<CertificateFile><Version>2012-11-30</Version><Incarnation>99</Incarnation><Format>Pkcs7BlobWithPfxContents</Format><Data>%s</Data></CertificateFile>\n' \
	    "$(echo "$CERT" | sed 's/@/C/g')"
} > "$L/var/lib/waagent/Certificates.xml"
pem 'RSA PRIVATE KEY' '' Ppem > "$L/var/lib/waagent/TransportPrivate.pem"
pem 'CERTIFICATE' '' Pcert > "$L/var/lib/waagent/TransportCert.pem"

# A key where the text report cuts an evidence line (240 characters): the
# cut must not leave a piece of it too short to be seen as a key.  Where
# the message starts in the text is found first with a placeholder.
st=$(jq -r '[.findings[].evidence[] | select(.kind == "ext.status")][0].file // empty' \
    "$SRCDIR/tests/golden/$lcase.json")
if [ -n "$st" ] && [ -f "$L/$st" ]; then
	setmsg() {
		jq -c --arg m "$1" '.[0].status.formattedMessage.message = $m' \
		    "$L/$st" > "$T/st.tmp" && cat "$T/st.tmp" > "$L/$st"
	}
	setmsg "CUTPOS and more text"
	vt analyze --quiet --format json "$L" > "$T/pos.json"
	at=$(jq --arg f "$st" '[.findings[].evidence[] | select(.file == $f)][0].text | index("CUTPOS") // -1' "$T/pos.json")
	if [ "$at" -ge 0 ] && [ "$at" -lt 200 ]; then
		pad=$(yes 'lorem ipsum' | head -c 400 | tr '\n' ' ' | head -c $((240 - 30 - at)))
		setmsg "$pad$(echo "$KEY88" | sed 's/@/Kcut/') and the end"
	else
		fail "the status message is not in its evidence text ($at)"
	fi
fi

# --- Windows --------------------------------------------------------------
W="$T/windows"
wcase=win-vmsnapshot-failed
[ -d "$SAMPLES_WINDOWS/$wcase" ] || wcase=$(ls "$SAMPLES_WINDOWS" | grep -v healthy | head -1)
cp -R "$SAMPLES_WINDOWS/$wcase" "$W"
append_to_evidence "$wcase" "$W" F
ga=$(find "$W" -name WaAppAgent.log | head -1)
[ -n "$ga" ] || { ga="$W/WindowsAzure/Logs/WaAppAgent.log"; mkdir -p "$(dirname "$ga")"; }
payloads W | while IFS= read -r p; do
	printf '[00000004] 2024-07-15T21:03:00.000Z [INFO]  %s\r\n' "$p"
done >> "$ga"
bcdr=$(find "$W" -name 'IaaSBcdrExtension*.log' | head -1)
[ -n "$bcdr" ] || { bcdr="$W/WindowsAzure/Logs/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/1.0.104.0/IaaSBcdrExtension1.log"; mkdir -p "$(dirname "$bcdr")"; }
payloads B | while IFS= read -r p; do
	printf '2024-07-15T21:03:00.0000000Z [Error] [12] %s\r\n' "$p"
done >> "$bcdr"
plug=$(dirname "$(find "$W" -path '*Packages/Plugins/*/Status/*.status' | head -1)")
plug=${plug%/Status}
mkdir -p "$plug/RuntimeSettings"
printf '{"runtimeSettings": [{"handlerSettings": {"protectedSettingsCertThumbprint": "FB529D6A5439A399B9C1B28C0B620EB4451D0D17", "protectedSettings": "MIIB8wYJKoZIhvcNAQcDSEKRITRsettings", "publicSettings": {"statusBlobUri": "https://md.blob.core.windows.net/c/s.status?sv=2018-03-28&sr=b&sig=SEKRITRsig%%3D&se=2025"}}}, {"handlerSettings": {"protectedSettings": {"password": "SEKRITRobj"}}}]}\n' \
    > "$plug/RuntimeSettings/999.settings"
{
	printf '[{"version": "1.0", "timestampUTC": "2024-07-15T21:03:00Z", "status": {"name": "x", "operation": "Enable", "status": "error", "code": 1, "formattedMessage": {"lang": "en-US", "message": "'
	payloads V | json_escape | tr '\n' ' '
	printf '"}}}]\n'
} > "$plug/Status/999.status"
# An event log exported as XML, and as text, each datum a secret.
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<Events>\n'
	i=0
	payloads X | xml_escape | while IFS= read -r p; do
		i=$((i + 1))
		printf '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Backup"/><EventID>%d</EventID><Level>2</Level><TimeCreated SystemTime="2024-07-15T21:03:%02d.000Z"/><Computer>vm1</Computer></System><EventData><Data Name="Command">%s</Data><Data Name="Password">SEKRITXdata%d</Data></EventData></Event>\n' \
		    $((500 + i)) $((i % 60)) "$p" "$i"
	done
	printf '</Events>\n'
} > "$W/Secrets.xml"
{
	i=0
	payloads T | while IFS= read -r p; do
		printf 'Event[%d]:\r\n  Log Name: Application\r\n  Source: MsiInstaller\r\n  Date: 2024-07-15T21:03:%02d.000\r\n  Event ID: 1033\r\n  Task: N/A\r\n  Level: Error\r\n  Opcode: Info\r\n  Keyword: Classic\r\n  User: N/A\r\n  User Name: N/A\r\n  Computer: vm1\r\n  Description: \r\n%s\r\n\r\n' \
		    "$i" $((i % 60)) "$p"
		i=$((i + 1))
	done
} > "$W/Application-export.txt"
pem 'RSA PRIVATE KEY' '' Qpem > "$W/transport.pem"

# Every marker put in, to check that the grep below can see them.
grep -rhoa 'SEKRIT[A-Za-z0-9]*' "$L" "$W" | sort -u > "$T/markers"
[ "$(wc -l < "$T/markers")" -gt 100 ] || fail "the bundles hold only $(wc -l < "$T/markers") markers"

# --- Every output --------------------------------------------------------
"$MKBUNDLE" zip "$T/linux.zip" "$L" || fail "mkbundle linux"
"$MKBUNDLE" zip "$T/windows.zip" "$W" || fail "mkbundle windows"
kinds=$("$VMTRIAGE" records --kind none "$L" 2>&1 | sed -n 's/.*the kinds are: //p' | tr -d ',')
[ -n "$kinds" ] || fail "no list of kinds from records --kind"

# outputs BUNDLE NAME: every output of BUNDLE into $T/out/NAME.*
outputs() {
	ob=$1 n=$2
	mkdir -p "$T/out"
	vt analyze --quiet --color never "$ob" > "$T/out/$n.txt"
	[ "$rc" -le 1 ] || fail "$n: analyze exit $rc"
	vt analyze --quiet --format json "$ob" > "$T/out/$n.json"
	is_report "$T/out/$n.json" || fail "$n: no JSON report"
	vt analyze --quiet --all-facts --color never "$ob" > "$T/out/$n.facts.txt"
	code=$(jq -r '[.findings[].error_codes[]][0] // "UserErrorGuestAgentStatusUnavailable"' "$T/out/$n.json")
	vt analyze --quiet --symptom "$code" --color never "$ob" > "$T/out/$n.symptom.txt" 2>&1
	vt analyze --quiet --symptom "$code" --format json "$ob" > "$T/out/$n.symptom.json" 2>&1
	vt analyze --quiet --symptom "$code" --all-facts --format markdown "$ob" > "$T/out/$n.md" 2>&1
	vt analyze --quiet --symptom "$code" --format html "$ob" > "$T/out/$n.html" 2>&1
	vt records "$ob" > "$T/out/$n.records" 2>&1
	[ "$rc" -eq 0 ] || fail "$n: records exit $rc"
	for k in $kinds; do
		vt records --kind "$k" "$ob" >> "$T/out/$n.records-kinds" 2>&1
	done
}

for b in linux windows; do
	outputs "$T/$b" "$b-dir"
	outputs "$T/$b.zip" "$b-zip"
done

# No marker in any output.
if grep -oa 'SEKRIT[A-Za-z0-9]*' "$T"/out/* > "$T/leaks"; then
	fail "secrets in the output:"
	sort -u "$T/leaks" | head -40 >&2
else
	ok "no secret in $(ls "$T/out" | wc -l) outputs"
fi

# The shapes are kept where the line is shown.
shape() {
	if grep -qF -- "$2" "$T/out/$1"; then ok "$1 shows $2"
	else fail "$1 does not show $2"; fi
}
for b in linux-dir linux-zip windows-dir windows-zip; do
	shape "$b.records" 'sig=<redacted>'
	shape "$b.records" '&sr=<redacted>&st=<redacted>&se=<redacted>'
	shape "$b.records" 'Authorization: <redacted>'
	shape "$b.records" 'password=<redacted>'
	shape "$b.records" 'AccountKey=<redacted>;EndpointSuffix=core.windows.net'
	shape "$b.records" 'bytes of base64>'
	shape "$b.records" 'md-hdd.blob.core.windows.net/c1/abcd?sv=<redacted>'
	shape "$b.json" 'sig=<redacted>'
	shape "$b.md" 'sig=<redacted>'
	shape "$b.html" 'sig=&lt;redacted&gt;'
done
shape linux-dir.records '-----BEGIN <redacted>-----'
shape linux-dir.records 'storage key: <redacted'

finish
