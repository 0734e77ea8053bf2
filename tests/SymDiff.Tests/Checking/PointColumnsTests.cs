using SymDiff.Checking;

namespace SymDiff.Tests.Checking;

public class PointColumnsTests
{
    [Fact]
    public void Rows_become_one_column_per_variable()
    {
        var columns = PointColumns.FromRows([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], variables: 2);
        Assert.Equal([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]], columns.Select(c => c.ToArray()));
    }

    [Fact]
    public void No_rows_give_empty_columns_and_no_variables_no_columns()
    {
        Assert.All(PointColumns.FromRows([], variables: 3), c => Assert.True(c.IsEmpty));
        Assert.Equal(3, PointColumns.FromRows([], variables: 3).Length);
        Assert.Empty(PointColumns.FromRows([[], []], variables: 0));
    }

    [Fact]
    public void A_row_of_the_wrong_length_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => PointColumns.FromRows([[1.0, 2.0], [3.0]], variables: 2));
        Assert.Contains("Point 1 has 1 value(s); expected 2, one per variable", e.Message);
    }

    [Fact]
    public void Points_by_name_follow_the_variables_order_and_a_missing_value_reads_as_NaN()
    {
        IReadOnlyDictionary<string, double>[] points =
        [
            new Dictionary<string, double> { ["y"] = 2, ["x"] = 1, ["unused"] = 9 },
            new Dictionary<string, double> { ["x"] = 3 },
        ];
        var columns = PointColumns.FromPoints(points, ["x", "y"]);
        Assert.Equal([1.0, 3.0], columns[0].ToArray());
        Assert.Equal([2.0, double.NaN], columns[1].ToArray());
    }

    [Fact]
    public void Validate_names_the_column_or_the_count_that_is_wrong()
    {
        PointColumns.Validate([new[] { 1.0, 2.0 }, new[] { 3.0, 4.0 }], count: 2, variables: 2);
        PointColumns.Validate([], count: 5, variables: 0);
        Assert.Contains("3 column(s) of values; expected 2",
            Assert.Throws<ArgumentException>(() => PointColumns.Validate([new[] { 1.0 }, new[] { 2.0 }, new[] { 3.0 }], 1, 2)).Message);
        Assert.Contains("Column 0 has 2 value(s); expected 1, one per point",
            Assert.Throws<ArgumentException>(() => PointColumns.Validate([new[] { 1.0, 2.0 }], 1, 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PointColumns.Validate([], -1, 0));
    }
}
