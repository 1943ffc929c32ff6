// The suite starts PostgreSQL and Chromium from Debian packages: it runs on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
