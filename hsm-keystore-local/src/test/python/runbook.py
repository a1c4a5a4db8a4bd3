"""The runbook of shared/seed steps 1-4, driven with boto3 against a running hsm-keystore-local.

Usage: python3 runbook.py http://127.0.0.1:PORT
Prints one JSON line with the ids it created; exits non-zero (with the reason) on any failure.
"""
import datetime
import json
import sys
import time
import urllib.request

import boto3
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

ENDPOINT = sys.argv[1]
REGION = "us-east-1"
session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name=REGION)
hsm = session.client("cloudhsmv2", endpoint_url=ENDPOINT)
kms = session.client("kms", endpoint_url=ENDPOINT)


def wait(what, read, ok, timeout=30):
    deadline = time.time() + timeout
    while True:
        value = read()
        if ok(value):
            return value
        if time.time() > deadline:
            raise SystemExit(f"timed out waiting for {what}; last: {value}")
        time.sleep(0.05)


def cluster(cid):
    return hsm.describe_clusters(Filters={"clusterIds": [cid]})["Clusters"][0]


def admin(path, body):
    req = urllib.request.Request(ENDPOINT + "/_local/" + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)


# 1. cluster in two subnets, first HSM, CSR
cid = hsm.create_cluster(HsmType="hsm2m.medium", SubnetIds=["subnet-0a1b2c3d", "subnet-4e5f6a7b"])["Cluster"]["ClusterId"]
wait("cluster UNINITIALIZED", lambda: cluster(cid)["State"], lambda s: s == "UNINITIALIZED")
hsm.create_hsm(ClusterId=cid, AvailabilityZone=REGION + "a")
csr_pem = wait("ClusterCsr", lambda: cluster(cid).get("Certificates", {}).get("ClusterCsr"), lambda c: c)

# 2. sign the CSR with our own CA (customerCA.crt) and initialise
ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "customerCA")])
now = datetime.datetime.now(datetime.timezone.utc)
ca_cert = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
           .serial_number(1).not_valid_before(now - datetime.timedelta(days=1))
           .not_valid_after(now + datetime.timedelta(days=3650))
           .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
           .sign(ca_key, hashes.SHA256()))
csr = x509.load_pem_x509_csr(csr_pem.encode())
signed = (x509.CertificateBuilder().subject_name(csr.subject).issuer_name(ca_name).public_key(csr.public_key())
          .serial_number(2).not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=3650)).sign(ca_key, hashes.SHA256()))
trust_anchor = ca_cert.public_bytes(serialization.Encoding.PEM).decode()
hsm.initialize_cluster(ClusterId=cid, SignedCert=signed.public_bytes(serialization.Encoding.PEM).decode(),
                       TrustAnchor=trust_anchor)
wait("cluster INITIALIZED", lambda: cluster(cid)["State"], lambda s: s == "INITIALIZED")

# 3. activate (the CloudHSM CLI's job on AWS), kmsuser, second HSM in another AZ
admin(f"cloudhsm/clusters/{cid}/activate", {"adminPassword": "adminPass1"})
admin(f"cloudhsm/clusters/{cid}/users", {"username": "kmsuser", "role": "crypto-user", "password": "kmsuserPass1"})
hsm.create_hsm(ClusterId=cid, AvailabilityZone=REGION + "b")
wait("2 active HSMs", lambda: [h["State"] for h in cluster(cid)["Hsms"]], lambda s: s == ["ACTIVE", "ACTIVE"])

# 4. custom key store, connect, key, alias
store = kms.create_custom_key_store(CustomKeyStoreName="runbook-store", CloudHsmClusterId=cid,
                                    TrustAnchorCertificate=trust_anchor, KeyStorePassword="kmsuserPass1")["CustomKeyStoreId"]
kms.connect_custom_key_store(CustomKeyStoreId=store)
wait("store CONNECTED",
     lambda: kms.describe_custom_key_stores(CustomKeyStoreId=store)["CustomKeyStores"][0]["ConnectionState"],
     lambda s: s == "CONNECTED")
key = kms.create_key(Origin="AWS_CLOUDHSM", CustomKeyStoreId=store, Description="runbook key")["KeyMetadata"]
kms.create_alias(AliasName="alias/dynamodb-hsm-key", TargetKeyId=key["KeyId"])
blob = kms.encrypt(KeyId="alias/dynamodb-hsm-key", Plaintext=b"hello hsm",
                   EncryptionContext={"purpose": "runbook"})["CiphertextBlob"]
plain = kms.decrypt(CiphertextBlob=blob, EncryptionContext={"purpose": "runbook"})["Plaintext"]
if plain != b"hello hsm":
    raise SystemExit("decrypt returned the wrong plaintext")
print(json.dumps({"clusterId": cid, "customKeyStoreId": store, "keyId": key["KeyId"], "origin": key["Origin"],
                  "keyCustomKeyStoreId": key.get("CustomKeyStoreId"), "cloudHsmClusterId": key.get("CloudHsmClusterId")}))
