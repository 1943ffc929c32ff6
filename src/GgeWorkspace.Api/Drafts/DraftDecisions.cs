namespace GgeWorkspace.Api.Drafts;

/// <summary>Pure rules of a draft's structure: given the draft and the actor, the events to append, or a domain error.</summary>
public static class DraftDecisions
{
    /// <summary>Dispatches any draft command. <paramref name="state"/> is null when the stream does not exist yet.</summary>
    public static object[] Decide(IDraftCommand command, Draft? state, Actor actor) => command switch
    {
        CreateDraft c => Create(c, state, actor),
        RetitleDraft c => Retitle(c, Existing(state), actor),
        AddSection c => AddSection(c, Existing(state), actor),
        RetitleSection c => RetitleSection(c, Existing(state), actor),
        MoveSection c => MoveSection(c, Existing(state), actor),
        DeleteSection c => DeleteSection(c, Existing(state), actor),
        PlaceParagraph c => PlaceParagraph(c, Existing(state), actor),
        MoveParagraph c => MoveParagraph(c, Existing(state), actor),
        WithdrawParagraph c => WithdrawParagraph(c, Existing(state), actor),
        ReturnParagraphToNumbering c => ReturnParagraphToNumbering(c, Existing(state), actor),
        PlacePoint c => PlacePoint(c, Existing(state), actor),
        MovePoint c => MovePoint(c, Existing(state), actor),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a draft command."),
    };

    public static object[] Create(CreateDraft command, Draft? state, Actor actor)
    {
        if (state is not null) throw new ConflictException("This draft already exists.");
        RequireRole(actor, Roles.ChairOrSecretariat, "create drafts");
        return [new DraftCreated(command.GroupId, command.DraftId, command.Title, command.ProvisionalSymbol, command.Kind, command.WorkstreamId)];
    }

    public static object[] Retitle(RetitleDraft command, Draft state, Actor actor)
    {
        RequireRole(actor, Roles.ChairOrSecretariat, "retitle drafts");
        return state.Title == command.Title && state.ProvisionalSymbol == command.ProvisionalSymbol
            ? []
            : [new DraftRetitled(state.GroupId, state.Id, command.Title, command.ProvisionalSymbol)];
    }

    public static object[] AddSection(AddSection command, Draft state, Actor actor)
    {
        RequireRole(actor, Roles.ChairOrSecretariat, "add sections");
        if (state.SectionFor(command.SectionId) is not null) throw new ConflictException("This section already exists.");
        RequireParent(state, command.ParentSectionId, command.SectionId);
        return
        [
            new SectionAdded(state.GroupId, state.Id, command.SectionId, command.Heading, command.ParentSectionId,
                ResolveSection(state, command.ParentSectionId, command.Placement, command.SectionId)),
        ];
    }

    public static object[] RetitleSection(RetitleSection command, Draft state, Actor actor)
    {
        RequireRole(actor, Roles.ChairOrSecretariat, "retitle sections");
        var section = LiveSection(state, command.SectionId);
        return section.Heading == command.Heading ? [] : [new SectionRetitled(state.GroupId, state.Id, section.Id, command.Heading)];
    }

    /// <summary>Moves a section; sections are at most two levels deep, so a section with sub-sections stays top-level.</summary>
    public static object[] MoveSection(MoveSection command, Draft state, Actor actor)
    {
        RequireRole(actor, Roles.ChairOrSecretariat, "move sections");
        var section = LiveSection(state, command.SectionId);
        RequireParent(state, command.ParentSectionId, section.Id);
        if (command.ParentSectionId is not null && state.SectionsUnder(section.Id).Any())
            throw new ConflictException("A section with sub-sections cannot become a sub-section.");
        return
        [
            new SectionMoved(state.GroupId, state.Id, section.Id, command.ParentSectionId,
                ResolveSection(state, command.ParentSectionId, command.Placement, section.Id)),
        ];
    }

    /// <summary>Only an empty section can be deleted: its paragraphs are moved or deleted first, so none loses its place silently.</summary>
    public static object[] DeleteSection(DeleteSection command, Draft state, Actor actor)
    {
        RequireRole(actor, Roles.ChairOrSecretariat, "delete sections");
        var section = LiveSection(state, command.SectionId);
        var live = section.Paragraphs.Count(p => !p.IsWithdrawn);
        var subSections = state.SectionsUnder(section.Id).Count();
        if (live > 0 || subSections > 0)
            throw new ConflictException(
                $"The section still holds {live} paragraph(s) and {subSections} sub-section(s): move or delete them first.",
                new Dictionary<string, object?> { ["paragraphCount"] = live, ["subSectionCount"] = subSections });
        return [new SectionDeleted(state.GroupId, state.Id, section.Id)];
    }

    public static object[] PlaceParagraph(PlaceParagraph command, Draft state, Actor actor)
    {
        RequireRole(actor, Roles.Drafters, "place paragraphs");
        if (state.Find(command.ParagraphId) is not null) throw new ConflictException("This paragraph is already placed in the draft.");
        var section = LiveSection(state, command.SectionId);
        if ((command.SourceDraftId is not null || command.SourceParagraphId is not null) && state.Kind != DraftKind.Report)
            throw new ConflictException("Only the report takes paragraphs copied from workstream drafts.");
        if (command.SourceDraftId == state.Id)
            throw new ConflictException("A paragraph cannot be copied from the draft it is placed in.");
        return
        [
            new ParagraphPlaced(state.GroupId, state.Id, command.ParagraphId, section.Id,
                ResolveParagraph(section, command.Placement, command.ParagraphId), command.SourceDraftId, command.SourceParagraphId),
        ];
    }

    public static object[] MoveParagraph(MoveParagraph command, Draft state, Actor actor)
    {
        RequireRole(actor, Roles.ChairOrSecretariat, "move paragraphs");
        var (_, placed) = state.Find(command.ParagraphId) ?? throw new NotFoundException("This paragraph is not in the draft.");
        if (placed.IsWithdrawn) throw new ConflictException("A deleted paragraph cannot be moved.");
        var target = LiveSection(state, command.SectionId);
        return
        [
            new ParagraphMoved(state.GroupId, state.Id, command.ParagraphId, target.Id,
                ResolveParagraph(target, command.Placement, command.ParagraphId)),
        ];
    }

    /// <summary>Withdraws a deleted paragraph, or a deleted point, from numbering.</summary>
    public static object[] WithdrawParagraph(WithdrawParagraph command, Draft state, Actor actor)
    {
        RequireRole(actor, Roles.ChairOrSecretariat, "withdraw paragraphs");
        var withdrawn = state.Find(command.ParagraphId)?.Placed.IsWithdrawn ?? state.FindPoint(command.ParagraphId)?.Point.IsWithdrawn
            ?? throw new NotFoundException("This paragraph is not in the draft.");
        return withdrawn ? [] : [new ParagraphWithdrawnFromNumbering(state.GroupId, state.Id, command.ParagraphId)];
    }

    /// <summary>A restored paragraph is numbered again where it was; its section must still exist (409 otherwise).</summary>
    public static object[] ReturnParagraphToNumbering(ReturnParagraphToNumbering command, Draft state, Actor actor)
    {
        RequireRole(actor, Roles.ChairOrSecretariat, "restore paragraphs");
        if (state.FindPoint(command.ParagraphId) is { } point)
            return point.Point.IsWithdrawn ? [new ParagraphReturnedToNumbering(state.GroupId, state.Id, command.ParagraphId)] : [];
        var (section, placed) = state.Find(command.ParagraphId) ?? throw new NotFoundException("This paragraph is not in the draft.");
        if (section.IsDeleted)
            throw new ConflictException("The paragraph's section was deleted since; it cannot be restored there.");
        return placed.IsWithdrawn ? [new ParagraphReturnedToNumbering(state.GroupId, state.Id, command.ParagraphId)] : [];
    }

    /// <summary>
    /// Places a new point under a live paragraph, or a sub-point under a live point of one; a sub-point takes no sub-points
    /// (409). Drafters place points as they create paragraphs: Experts propose them, the Chair and Secretariat add them.
    /// </summary>
    public static object[] PlacePoint(PlacePoint command, Draft state, Actor actor)
    {
        RequireRole(actor, Roles.Drafters, "place points");
        if (state.Find(command.PointId) is not null || state.FindPoint(command.PointId) is not null)
            throw new ConflictException("This point is already placed in the draft.");
        var siblings = PointParent(state, command.ParentId, command.PointId);
        return [new PointPlaced(state.GroupId, state.Id, command.PointId, command.ParentId, Resolve(siblings, command.Placement, command.PointId, "point"))];
    }

    /// <summary>
    /// Moves a point among its siblings, under another point (it becomes a sub-point, if it has none of its own), or to another
    /// paragraph of the draft; letters are recomputed, its id never changes. The Chair and Secretariat move text, as paragraphs.
    /// </summary>
    public static object[] MovePoint(MovePoint command, Draft state, Actor actor)
    {
        RequireRole(actor, Roles.ChairOrSecretariat, "move points");
        var place = state.FindPoint(command.PointId) ?? throw new NotFoundException("There is no such point in the draft.");
        if (place.Point.IsWithdrawn) throw new ConflictException("A deleted point cannot be moved.");
        var parentId = command.ParentId ?? place.ParentId;
        if (parentId == command.PointId) throw new ConflictException("A point cannot be placed under itself.");
        if (place.Point.SubPoints.Count > 0 && state.FindPoint(parentId) is not null)
            throw new ConflictException("A point with sub-points cannot become a sub-point: points nest two deep only.");
        var siblings = PointParent(state, parentId, command.PointId);
        return [new PointMoved(state.GroupId, state.Id, command.PointId, parentId, Resolve(siblings, command.Placement, command.PointId, "point"))];
    }

    /// <summary>The points under <paramref name="parentId"/> (a live paragraph or a live point of one), leaving out <paramref name="pointId"/>.</summary>
    private static List<Guid> PointParent(Draft state, Guid parentId, Guid pointId)
    {
        if (state.Find(parentId) is var (section, placed))
        {
            if (placed.IsWithdrawn || section.IsDeleted) throw new ConflictException("The paragraph is deleted: restore it before adding or moving points in it.");
            return [.. placed.Points.Where(p => p.PointId != pointId).Select(p => p.PointId)];
        }
        var parent = state.FindPoint(parentId) ?? throw new NotFoundException("There is no such paragraph or point in the draft.");
        if (parent.IsSubPoint)
            throw new ConflictException("A point cannot nest deeper than a sub-point: points are (a), (b) and sub-points (i), (ii) only.",
                new Dictionary<string, object?> { ["maxDepth"] = 2 });
        if (parent.Point.IsWithdrawn || parent.Paragraph.IsWithdrawn)
            throw new ConflictException("The point is deleted: restore it before adding or moving sub-points in it.");
        return [.. parent.Point.SubPoints.Where(p => p.PointId != pointId).Select(p => p.PointId)];
    }

    private static Draft Existing(Draft? state) => state ?? throw new NotFoundException("There is no such draft.");

    private static Section LiveSection(Draft state, Guid sectionId) =>
        state.SectionFor(sectionId) is { IsDeleted: false } section ? section : throw new NotFoundException("There is no such section in the draft.");

    private static void RequireParent(Draft state, Guid? parentSectionId, Guid sectionId)
    {
        if (parentSectionId is not { } parentId) return;
        if (parentId == sectionId) throw new ConflictException("A section cannot be its own sub-section.");
        if (LiveSection(state, parentId).ParentSectionId is not null)
            throw new ConflictException("Sub-sections cannot have sub-sections: sections are I., II. and A., B. only.");
    }

    /// <summary>The sibling the section goes after (null: first), ignoring the section itself.</summary>
    private static Guid? ResolveSection(Draft state, Guid? parentSectionId, Placement placement, Guid sectionId)
    {
        var siblings = state.SectionsUnder(parentSectionId).Where(s => s.Id != sectionId).Select(s => s.Id).ToList();
        return Resolve(siblings, placement, sectionId, "section");
    }

    /// <summary>The paragraph the placed one goes after (null: first). Withdrawn paragraphs keep places, so "at end" is after them too.</summary>
    private static Guid? ResolveParagraph(Section section, Placement placement, Guid paragraphId) =>
        Resolve([.. section.Paragraphs.Where(p => p.ParagraphId != paragraphId).Select(p => p.ParagraphId)], placement, paragraphId, "paragraph");

    private static Guid? Resolve(List<Guid> siblings, Placement placement, Guid self, string what)
    {
        if (placement.AtStart) return null;
        if (placement.AfterId is not { } after) return siblings.Count > 0 ? siblings[^1] : null;
        if (after == self) throw new ConflictException($"A {what} cannot be placed after itself.");
        return siblings.Contains(after) ? after : throw new NotFoundException($"There is no such {what} to place it after.");
    }

    private static void RequireRole(Actor actor, IReadOnlyCollection<MemberRole> roles, string action)
    {
        if (!roles.Contains(actor.Role))
            throw new ForbiddenException($"Only {string.Join(" or ", roles.Select(r => $"the {r}"))} can {action}.");
    }
}
