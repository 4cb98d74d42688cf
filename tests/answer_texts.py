"""Texts shared by the answer-shape tests (a criteria list, a workshop report, a RECP report), their
tiny index and a question asked of one document."""

from tiny_index import retrieved, tiny_snapshot

from kb.answer.extractive_answerer import ExtractiveAnswerer

CRITERIA = (
    "TIÊU CHÍ XÁC ĐỊNH KHU CÔNG NGHIỆP SINH THÁI\n"
    "1. Doanh nghiệp tuân thủ nghiêm pháp luật về bảo vệ môi trường;\n"
    "   khuyến khích áp dụng ISO.\n"
    "2. Tối thiểu 20% doanh nghiệp áp dụng giải pháp sản xuất sạch hơn.\n"
    "3. Dành tối thiểu 25% diện tích cho cây xanh.\n"
    "4. Thực hiện ít nhất 01 liên kết cộng sinh công nghiệp.\n"
)
REPORT = (
    "Dự án đã hỗ trợ 90 doanh nghiệp tại 3 khu công nghiệp Hiệp Phước, Amata và Đình Vũ, trong đó "
    "217 giải pháp đã được thực hiện. Các doanh nghiệp gặp nhiều rào cản về cơ sở pháp lý. "
    "Vì vậy, doanh nghiệp đề nghị sửa đổi quy định về chất thải. Ông Giang Ngọc Phương, Phó Tổng "
    "Giám đốc Công ty Cổ phần KCN Hiệp Phước, phát biểu khai mạc."
)

RECP = (
    "Báo cáo tổng kết năm 2018 của hợp phần RECP. Trong năm 2017, hợp phần RECP do VNCPC triển khai "
    "đã giúp các doanh nghiệp tham gia tiết kiệm 32,86 tỷ đồng nhờ tiết giảm tiêu thụ nguyên vật liệu."
)


def texts_snapshot():
    return tiny_snapshot(
        {
            "nd": ({"kind": "summary", "title": "Tóm tắt tiêu chí KCN sinh thái"}, CRITERIA),
            "hp": ({"kind": "workshop", "title": "Cộng sinh công nghiệp KCN Hiệp Phước"}, REPORT),
            "recp": ({"kind": "report", "title": "Hợp phần RECP"}, RECP),
        }
    )


def ask(snapshot, question, doc_id, **options):
    """``question`` answered from the passages of document ``doc_id`` (in Vietnamese)."""
    rows = [row for row, chunk in enumerate(snapshot.chunks) if chunk.doc_id == doc_id]
    return ExtractiveAnswerer(snapshot, **options).run(
        question=question, language="vi", documents=retrieved(snapshot, rows, dense=0.9)
    )["answer"]


def answer_from(texts: dict, question: str, language: str = "en"):
    """``question`` answered from every passage of ``texts`` (``tiny_snapshot``'s documents), in order."""
    snapshot = tiny_snapshot(texts)
    rows = list(range(len(snapshot.chunks)))
    return ExtractiveAnswerer(snapshot).run(
        question=question, language=language, documents=retrieved(snapshot, rows, dense=0.9)
    )["answer"]
