namespace GgeWorkspace.Api.Consensus;

/// <summary>Pure checks other write paths use while silence runs, and how its times are shown.</summary>
public static class SilenceRules
{
    /// <summary>The running procedure that has the paragraph under silence, if any.</summary>
    public static SilenceProcedure? RunningFor(Guid paragraphId, IEnumerable<SilenceProcedure> procedures) =>
        procedures.FirstOrDefault(p => p.IsRunning && p.Covers(paragraphId));

    /// <summary>
    /// The freeze: while a paragraph is under silence its text, brackets and options cannot change (text edits, live
    /// operations, amendment acceptance, brackets, options), so what is agreed is exactly what was circulated. Throws 409
    /// (extensions <c>procedureId</c>, <c>deadline</c>) when a running procedure covers it.
    /// </summary>
    public static void EnsureNotUnderSilence(Guid paragraphId, IEnumerable<SilenceProcedure> procedures)
    {
        if (RunningFor(paragraphId, procedures) is not { } running) return;
        throw new ConflictException(
            $"The paragraph is under the silence procedure until {Utc(running.Deadline)}: "
            + "its text, brackets and options are frozen so that what is agreed is exactly what was circulated. "
            + "A delegation may break silence; the Chair may cancel the procedure.",
            new Dictionary<string, object?> { ["procedureId"] = running.Id, ["deadline"] = running.Deadline });
    }

    /// <summary>
    /// Under silence, objecting is breaking silence: a delegation that objects must break silence with its reason, so the
    /// procedure's outcome and the positions never disagree. Other positions may be stated. Throws 409 otherwise.
    /// </summary>
    public static void EnsurePositionAllowed(Guid paragraphId, Position position, IEnumerable<SilenceProcedure> procedures)
    {
        if (position.Kind != PositionKind.Objection || RunningFor(paragraphId, procedures) is not { } running) return;
        throw new ConflictException(
            "The paragraph is under the silence procedure: to object, break silence with your reason.",
            new Dictionary<string, object?> { ["procedureId"] = running.Id, ["deadline"] = running.Deadline });
    }

    /// <summary>
    /// For the write side after <see cref="SilenceConcluded"/> with <see cref="SilenceOutcome.Agreed"/>: the events that agree
    /// one placed paragraph (ParagraphAgreed, procedure "silence", with the circulated option's text), provided its text,
    /// brackets and options are still those circulated and it still meets the conditions; already agreed yields nothing.
    /// </summary>
    public static ProcedureAgreement AgreementFor(SilencedParagraph placed, Paragraph current, ParagraphPositions? positions)
    {
        var changed = current.TextVersion != placed.TextVersion || current.NegotiationVersion != placed.NegotiationVersion;
        return ConsensusRules.AgreeByProcedure(current, positions, ConsensusProcedures.Silence,
            changed && current.Status != ParagraphStatus.Agreed
                ? [new AgreementBlocker(AgreementObstacle.TextChangedSinceCirculated, "The paragraph changed after it was circulated under silence.")]
                : null);
    }

    /// <summary>A length of time in words: "3 hours", "1 hour 30 minutes", "5 seconds".</summary>
    public static string Duration(TimeSpan length)
    {
        static string Part(int n, string unit) => n == 0 ? "" : $"{n} {unit}{(n == 1 ? "" : "s")}";
        var parts = new[] { Part((int)length.TotalDays, "day"), Part(length.Hours, "hour"), Part(length.Minutes, "minute"), Part(length.Seconds, "second") }
            .Where(p => p.Length > 0).ToList();
        return parts.Count == 0 ? "0 seconds" : string.Join(" ", parts);
    }

    /// <summary>A time as "2019-05-27 08:00 UTC", whatever the culture.</summary>
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A UTC time in the group's IANA time zone (e.g. "Europe/Zurich"); 422 for an unknown zone.</summary>
    public static DateTimeOffset InTimeZone(DateTimeOffset utc, string ianaTimeZone)
    {
        try
        {
            return TimeZoneInfo.ConvertTime(utc, TimeZoneInfo.FindSystemTimeZoneById(ianaTimeZone));
        }
        catch (TimeZoneNotFoundException)
        {
            throw new UnprocessableException($"'{ianaTimeZone}' is not a known time zone.");
        }
    }

    /// <summary>A deadline as members read it: "27 May 2019, 10:00 (Europe/Zurich, UTC+02:00)".</summary>
    public static string Describe(DateTimeOffset utc, string ianaTimeZone)
    {
        var local = InTimeZone(utc, ianaTimeZone);
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(CultureInfo.InvariantCulture,
            $"{local:d MMMM yyyy, HH:mm} ({ianaTimeZone}, UTC{sign}{offset.Duration():hh\\:mm})");
    }
}
