"""A throw-away Dovecot IMAP server for the tests: its own config, port, passwd-file user and
Maildir in a temp dir, started as a subprocess (Debian package dovecot-imapd)."""

import getpass
import grp
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)
USER, PASSWORD = "support", "imap-test-pass"

CONFIG = """
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = 1
{users}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


@dataclass(frozen=True)
class Dovecot:
    host: str
    port: int
    root: Path

    @property
    def url(self) -> str:
        return f"imap://{USER}:{PASSWORD}@{self.host}:{self.port}/INBOX"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start() -> tuple[Dovecot, subprocess.Popen]:
    assert DOVECOT
    root = Path(tempfile.mkdtemp(prefix="ixxo-dovecot-"))
    root.chmod(0o755)
    if os.geteuid() == 0:
        # Dovecot refuses to give mail to root: the mail belongs to Debian's "dovecot" user.
        uid = gid = "dovecot"
        users = ""
    else:
        uid, gid = str(os.getuid()), str(os.getgid())
        # Not root: every Dovecot process runs as the current user and group.
        user, group = getpass.getuser(), grp.getgrgid(os.getgid()).gr_name
        users = f"default_internal_user = {user}\ndefault_internal_group = {group}\ndefault_login_user = {user}"
    port = _free_port()
    for sub in ("run", "state", "mail", "home"):
        (root / sub).mkdir()
    if os.geteuid() == 0:
        shutil.chown(root / "mail", "dovecot", "dovecot")
        shutil.chown(root / "home", "dovecot", "dovecot")
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    (root / "dovecot.conf").write_text(CONFIG.format(root=root, port=port, uid=uid, gid=gid, users=users))
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(root / "dovecot.conf")], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return Dovecot("127.0.0.1", port, root), process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("dovecot did not answer within 15 s")


def stop(server: Dovecot, process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(server.root, ignore_errors=True)
