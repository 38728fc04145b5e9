"""asyncio.create_subprocess_exec: read a child's stdout line by line, its exit code, stdin."""

import asyncio
import sys

CHILD = """
import sys
for i in range(3):
    print(f"child line {i}", flush=True)
print("child error line", file=sys.stderr)
sys.exit(3)
"""

UPPER = "import sys; sys.stdout.write(sys.stdin.read().upper())"


async def main() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    while True:
        line = await proc.stdout.readline()
        if not line:
            break
        print("parent read:", line.decode().rstrip())
    stderr = await proc.stderr.read()
    code = await proc.wait()
    print("child stderr:", stderr.decode().rstrip())
    print("child exit code:", code, "returncode:", proc.returncode)

    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", UPPER,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate(b"shout this\n")
    print("communicate:", out.decode().rstrip(), "| stderr:", err, "| code:", proc.returncode)

    # The loop keeps running other tasks while the child works.
    async def ticker() -> None:
        for i in range(3):
            await asyncio.sleep(0)
            print("ticker", i)

    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import time; time.sleep(0.2); print('slow child done')",
        stdout=asyncio.subprocess.PIPE,
    )
    (out, _), _ = await asyncio.gather(proc.communicate(), ticker())
    print("slow child said:", out.decode().rstrip())


asyncio.run(main())
