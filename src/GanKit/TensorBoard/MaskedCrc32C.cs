using System.Buffers.Binary;
using System.Numerics;

namespace GanKit.TensorBoard;

/// <summary>
/// The checksum of TFRecord framing: CRC-32C (Castagnoli), "masked" by rotating right 15 bits and adding a constant
/// (TensorFlow does this because a CRC of data that holds CRCs is weak).
/// </summary>
internal static class MaskedCrc32C
{
    private const uint MaskDelta = 0xa282ead8u;

    /// <summary>The plain CRC-32C of <paramref name="data"/> (e.g. 0xE3069283 for "123456789").</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        // BitOperations.Crc32C only accumulates (hardware-accelerated where the CPU has it): the standard CRC starts at
        // all ones and inverts at the end.
        uint crc = uint.MaxValue;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (byte b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }

    /// <summary>The masked CRC-32C that TFRecord files store.</summary>
    public static uint Masked(ReadOnlySpan<byte> data)
    {
        uint crc = Compute(data);
        return ((crc >> 15) | (crc << 17)) + MaskDelta;
    }
}
