"""The old tool's way, for scripts/bench-cold.ts: the steps of create_package.py (Uptycs'
ssm-distributor-sources, see docs/migration.md), in its order and with its means, against the
simulator and moto. Written for this benchmark, not the old code.

Emulated, step by step (what create_package.py does by default, with -b BUCKET):
  1. a JWT (HS256, iss = key, exp = now + 9000 s; made with hmac here: PyJWT is not installed);
  2. GET /objectGroups (the asset group), then GET /osqueryPackages (the version); the version used is
     the one passed (as -v would), so that the simulator serves the installers it has built;
  3. for every mapping entry, one after the other (8 for the original mapping, 5 distinct installers):
     GET /objectGroups again, then the installer with requests (TLS not verified, the whole body read
     into memory, then written in 1 KiB chunks), then the installer's name written into the entry's
     install script;
  4. every folder zipped with zipfile (ZIP_DEFLATED), one after the other;
  5. the manifest: each zip read whole into memory and hashed (SHA-256), manifest.json written;
  6. boto3: list_buckets, create_bucket, then put_object of every zip and the manifest, one by one.
It never created the SSM document (Terraform or CloudFormation did, separately): nothing here does,
which leaves out a step the cold run it is compared with must take.

  python3 bench-old-tool.py KEY_FILE BASE_URL MAPPING WORK_DIR BUCKET VERSION
"""

import base64
import hashlib
import hmac
import json
import os
import re
import sys
import time
import zipfile

import boto3
import requests
import urllib3

urllib3.disable_warnings()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(key: str, secret: str) -> str:
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps({"iss": key, "exp": int(time.time()) + 9000}).encode())
    sig = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(sig)}"


def main() -> None:
    key_file, base_url, mapping_file, work, bucket, version = sys.argv[1:7]
    with open(key_file, encoding="utf-8") as f:
        api = json.load(f)
    base = f"{base_url}/public/api/customers/{api['customerId']}"
    headers = {
        "authorization": f"Bearer {token(api['key'], api['secret'])}",
        "Content-type": "application/json",
    }

    def get(path: str) -> requests.Response:
        r = requests.get(base + path, headers=headers, verify=False, timeout=9000)
        r.raise_for_status()
        return r

    def asset_group() -> str:
        return next(g["id"] for g in get("/objectGroups").json()["items"] if g["name"] == "assets")

    asset_group()
    get("/osqueryPackages").json()["items"][0]["version"].split("-")[0]

    with open(mapping_file, "rb") as f:
        mapping = json.loads(f.read())
    os.chdir(work)
    staging = os.path.join(work, "s3-bucket")
    os.makedirs(staging, exist_ok=True)
    entries = [e for os_type in ("windows", "linux") for e in mapping[os_type]]
    for e in entries:
        group = asset_group()
        params = {"osqVersion": version}
        if e["arch_type"] == "arm64":
            params["gravitonPackage"] = "true"
        params["remediationPackage"] = "true"
        query = "&".join(f"{k}={v}" for k, v in params.items())
        r = get(f"/packageDownloads/osquery/{e['upt_package']}/{group}?{query}")
        name = re.findall(r'filename="(.+?)"', r.headers.get("content-disposition", ""))[0]
        os.makedirs(e["dir"], exist_ok=True)
        with open(os.path.join(e["dir"], name), "wb") as out:
            for chunk in r.iter_content(1024):
                out.write(chunk)
        script = os.path.join(e["dir"], "install.ps1" if e["upt_package"] == "windows" else "install.sh")
        with open(script, encoding="utf-8") as f:
            text = f.read()
        with open(script, "w", encoding="utf-8") as f:
            f.write(re.sub(r"(filename=|\$filename=)[^\n]+", r"\g<1>" + name, text))

    zips = []
    for d in sorted({e["dir"] for e in entries}):
        zips.append(f"{d}-{version}.zip")
        with zipfile.ZipFile(os.path.join(staging, zips[-1]), "w", zipfile.ZIP_DEFLATED) as z:
            for folder, _, files in os.walk(f"{d}/"):
                for file in files:
                    z.write(os.path.join(folder, file), file)

    files = {}
    for z in zips:
        with open(os.path.join(staging, z), "rb") as f:
            files[z] = {"checksums": {"sha256": hashlib.sha256(f.read()).hexdigest()}}
    packages: dict = {}
    for e in entries:
        v = e["major_version"] + ("." + e["minor_version"] if e["minor_version"] else "")
        packages.setdefault(e["name"], {}).setdefault(v, {})[e["arch_type"]] = {
            "file": f"{e['dir']}-{version}.zip"
        }
    manifest = {
        "schemaVersion": "2.0",
        "publisher": "Uptycs.",
        "description": "Uptycs agent",
        "version": version,
        "packages": packages,
        "files": files,
    }
    with open(os.path.join(staging, "manifest.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(manifest))

    s3 = boto3.client("s3", region_name="us-east-1")
    if bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
        s3.create_bucket(Bucket=bucket)
    for name in [*zips, "manifest.json"]:
        with open(os.path.join(staging, name), "rb") as body:
            s3.put_object(Bucket=bucket, Key=f"uptycs/{name}", Body=body)


main()
