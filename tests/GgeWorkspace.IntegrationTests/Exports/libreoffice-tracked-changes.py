"""Opens Word files in LibreOffice (headless, with a private profile), applies LibreOffice's own Accept All or Reject All
to the tracked changes, and saves each result as UTF-8 text.

usage: python3 libreoffice-tracked-changes.py PROFILE_DIR (INPUT.docx accept|reject|none OUTPUT.txt)...
"""
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def main():
    profile = os.path.abspath(sys.argv[1])
    jobs = [sys.argv[i:i + 3] for i in range(2, len(sys.argv), 3)]
    pipe = f"gge-redline-{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        context = None
        for _ in range(1200):
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.1)
        if context is None:
            raise SystemExit("LibreOffice did not start.")
        services = context.ServiceManager
        desktop = services.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = services.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        commands = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges", "none": None}
        for source, action, target in jobs:
            document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0, (prop("Hidden", True),))
            if commands[action]:
                dispatcher.executeDispatch(document.getCurrentController().getFrame(), commands[action], "", 0, ())
            document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                                (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF")))
            document.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


main()
