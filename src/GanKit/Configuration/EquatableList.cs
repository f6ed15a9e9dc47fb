using System.Collections;

namespace GanKit.Configuration;

/// <summary>
/// A read-only list compared by its elements, so an options record holding one keeps value equality (a record compares
/// a plain list by reference, and a record read back from JSON would never equal the one written).
/// </summary>
internal sealed class EquatableList<T>(IEnumerable<T> items) : IReadOnlyList<T>, IEquatable<EquatableList<T>>
{
    private readonly T[] _items = [.. items];

    public static EquatableList<T> Empty { get; } = new([]);

    public T this[int index] => _items[index];

    public int Count => _items.Length;

    public static IReadOnlyList<T> From(IEnumerable<T>? items) => items as EquatableList<T> ?? (items is null ? Empty : new EquatableList<T>(items));

    public bool Equals(EquatableList<T>? other) => other is not null && _items.SequenceEqual(other._items);

    public override bool Equals(object? obj) => obj is EquatableList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items) hash.Add(item);
        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}
