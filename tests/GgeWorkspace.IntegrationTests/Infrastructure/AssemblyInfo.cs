// The suite starts PostgreSQL and Redis from Debian packages: it runs on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
