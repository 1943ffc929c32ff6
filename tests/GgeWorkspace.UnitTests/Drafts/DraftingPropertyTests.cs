using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using static GgeWorkspace.UnitTests.Drafts.Specs;

namespace GgeWorkspace.UnitTests.Drafts;

public sealed class DraftingPropertyTests
{
    private static Arbitrary<(string Text, int Seed)> TextAndSeed() =>
        TextGen.Text().SelectMany(_ => Gen.Choose(0, int.MaxValue), (t, s) => (t, s)).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Paragraph_numbers_stay_contiguous_and_ids_stable_after_any_inserts_moves_and_deletions() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            Guid[] sections = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
            var draft = GivenDraft(
                new DraftCreated(GroupId, DraftId, "Report", null, DraftKind.Report, null),
                new SectionAdded(GroupId, DraftId, sections[0], "I", null, null),
                new SectionAdded(GroupId, DraftId, sections[1], "II", null, sections[0]),
                new SectionAdded(GroupId, DraftId, sections[2], "II.A", sections[1], null));
            var placed = new List<Guid>();
            var withdrawn = new HashSet<Guid>();

            for (var step = 0; step < random.Next(1, 40); step++)
            {
                var live = placed.Where(p => !withdrawn.Contains(p)).ToList();
                var section = sections[random.Next(sections.Length)];
                var siblings = draft.SectionFor(section)!.Paragraphs;
                var placement = random.Next(3) switch
                {
                    0 => Placement.First,
                    1 when siblings.Count > 0 => Placement.After(siblings[random.Next(siblings.Count)].ParagraphId),
                    _ => Placement.AtEnd,
                };
                IDraftCommand command = (random.Next(3), live.Count) switch
                {
                    (1, > 0) => new MoveParagraph(DraftId, live[random.Next(live.Count)], section, placement),
                    (2, > 0) => new WithdrawParagraph(DraftId, live[random.Next(live.Count)]),
                    _ => new PlaceParagraph(DraftId, Guid.NewGuid(), section, placement),
                };
                if (command is MoveParagraph move && placement.AfterId == move.ParagraphId) continue;
                draft = DraftDecisions.Decide(command, draft, Secretariat).Aggregate(draft, EvolveDraft);
                if (command is PlaceParagraph p) placed.Add(p.ParagraphId);
                if (command is WithdrawParagraph w) withdrawn.Add(w.ParagraphId);
            }

            var outline = DraftOutline.Of(draft);
            var inDocumentOrder = outline.Sections
                .SelectMany(s => s.Paragraphs.Concat(s.SubSections.SelectMany(sub => sub.Paragraphs)))
                .ToList();
            var allInDraft = draft.Sections.SelectMany(s => s.Paragraphs.Select(p => p.ParagraphId)).ToList();
            return inDocumentOrder.Select(p => p.Number).SequenceEqual(Enumerable.Range(1, placed.Count - withdrawn.Count))
                && inDocumentOrder.Select(p => p.ParagraphId).ToHashSet().SetEquals(placed.Where(p => !withdrawn.Contains(p)))
                && allInDraft.Count == placed.Count && allInDraft.ToHashSet().SetEquals(placed);
        });

    [Property(MaxTest = 300)]
    public Property Brackets_keep_covering_the_same_characters_while_text_outside_them_changes() =>
        Prop.ForAll(TextAndSeed(), t =>
        {
            var (text, seed) = t;
            var random = new Random(seed);
            var length = CodePoints.Length(text);
            if (length == 0) return true;
            var start = random.Next(length);
            var end = random.Next(start + 1, length + 1);

            var state = Given(Added(text));
            state = Evolve(state, When(state, new AddBracket(ParagraphId, Guid.NewGuid(), start, end, 0, BracketKind.Contentious, ["Canada"]), CanadianExpert));
            // Widened to whole grapheme clusters when the span split one.
            var bracketed = CodePoints.Slice(text, state.Brackets[0].Start, state.Brackets[0].Length);
            for (var step = 0; step < 5; step++)
            {
                var bracket = state.Brackets[0];
                var before = CodePoints.Slice(state.Text, 0, bracket.Start);
                var after = CodePoints.Slice(state.Text, bracket.End, CodePoints.Length(state.Text) - bracket.End);
                var op = TextOperation.Of([
                    .. TextGen.RandomOperation(before, random).Components,
                    new TextComponent.Retain(bracket.Length),
                    .. TextGen.RandomOperation(after, random).Components]);
                state = Evolve(state, When(state, new ChangeParagraphText(ParagraphId, op, state.TextVersion, TextChangeKind.LiveEdit), Chair));

                var moved = Assert.Single(state.Brackets);
                if (moved.Start < 0 || moved.End > CodePoints.Length(state.Text) || CodePoints.Slice(state.Text, moved.Start, moved.Length) != bracketed)
                    return false;
            }
            return true;
        });

    [Property(MaxTest = 300)]
    public Property Brackets_stay_inside_the_text_whatever_is_typed_or_deleted() =>
        Prop.ForAll(TextAndSeed(), t =>
        {
            var (text, seed) = t;
            var random = new Random(seed);
            var length = CodePoints.Length(text);
            if (length == 0) return true;
            var start = random.Next(length);
            var state = Given(Added(text));
            state = Evolve(state, When(state, new AddBracket(ParagraphId, Guid.NewGuid(), start, random.Next(start + 1, length + 1), 0, BracketKind.Trading, ["Japan"], "Japan asked for it."), Chair));
            for (var step = 0; step < 5; step++)
            {
                var op = TextGen.RandomOperation(state.Text, random);
                state = Evolve(state, When(state, new ChangeParagraphText(ParagraphId, op, state.TextVersion, TextChangeKind.LiveEdit), Chair));
                var textLength = CodePoints.Length(state.Text);
                if (state.Brackets.Any(b => b.Start < 0 || b.Length <= 0 || b.End > textLength)) return false;
            }
            return true;
        });

    [Property(MaxTest = 300)]
    public Property Authorship_runs_always_cover_the_text_exactly_and_name_who_typed_each_character() =>
        Prop.ForAll(TextAndSeed(), t =>
        {
            var (text, seed) = t;
            var random = new Random(seed);
            Actor[] typists = [Chair, Secretariat, new("unoda-2", MemberRole.Secretariat)];
            var state = Given(Added(text));
            var model = Enumerable.Repeat(Secretariat.Sub, CodePoints.Length(text)).ToList();

            for (var step = 0; step < 8; step++)
            {
                var typist = typists[random.Next(typists.Length)];
                var op = TextGen.RandomOperation(state.Text, random);
                state = Evolve(state, ParagraphDecisions.Decide(
                    new ChangeParagraphText(ParagraphId, op, state.TextVersion, TextChangeKind.LiveEdit), state, typist, Now.AddMinutes(step)));
                model = ApplyToModel(model, op, typist.Sub);

                if (!AuthorshipRuns.Covers(state.Authorship, CodePoints.Length(state.Text))) return false;
                var fromRuns = state.Authorship.SelectMany(r => Enumerable.Repeat(r.AuthorSub, r.Length));
                if (!fromRuns.SequenceEqual(model)) return false;
            }
            return true;
        });

    private static List<string> ApplyToModel(List<string> authors, TextOperation op, string typist)
    {
        var result = new List<string>();
        var at = 0;
        foreach (var c in op.Components)
        {
            switch (c)
            {
                case TextComponent.Retain r: result.AddRange(authors.Skip(at).Take(r.Count)); at += r.Count; break;
                case TextComponent.Delete d: at += d.Count; break;
                case TextComponent.Insert i: result.AddRange(Enumerable.Repeat(typist, i.Length)); break;
            }
        }
        return result;
    }
}
