"""Two workers share one asyncio.Queue (the classic Real Python "async queue" example).

What it teaches
---------------
* ``asyncio.Queue`` hands each item to exactly one worker: whoever asks first gets it.
* A worker that awaits ``asyncio.sleep(delay)`` lets the other worker run meanwhile, so the
  four jobs of 15, 10, 5 and 2 seconds (32 s of "work") finish after 17 s in total:
  worker One does 15 + 2, worker Two does 10 + 5, side by side.
* ``codetiming.Timer`` measures each job and the whole run.
* At t = 15 s both workers wake up together: One's 15 s job and Two's second job (10 + 5)
  end at the same moment. The loop runs due timers in deadline order, and One's timer was set
  first, so One is served first.

Run it with plain ``python samples/queue_workers.py`` (about 17 s), or step through it with
``loopscope samples/queue_workers.py``: on loopscope's virtual clock the run takes a moment
and the timers still print the textbook figures.
"""

import asyncio

from codetiming import Timer


async def task(name, work_queue):
    # One Timer per worker; it prints "Task One elapsed time: 15.0" each time it stops.
    timer = Timer(text=f"Task {name} elapsed time: {{:.1f}}")
    while not work_queue.empty():
        # Take the next job. The queue is already full, so this never has to wait here.
        delay = await work_queue.get()
        print(f"Task {name} running")
        timer.start()
        # The "work": while this worker sleeps, the event loop runs the other worker.
        await asyncio.sleep(delay)
        timer.stop()


async def main():
    """This is the main entry point for the program."""
    # Create the queue of work
    work_queue = asyncio.Queue()

    # Put some work in the queue
    for work in [15, 10, 5, 2]:
        await work_queue.put(work)

    # Run the tasks
    with Timer(text="\nTotal elapsed time: {:.1f}"):
        await asyncio.gather(
            asyncio.create_task(task("One", work_queue), name="One"),
            asyncio.create_task(task("Two", work_queue), name="Two"),
        )


if __name__ == "__main__":
    asyncio.run(main())
