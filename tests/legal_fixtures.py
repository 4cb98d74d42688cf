"""Shared legal test material: a decree-like text with real-layout traps, and its PDF."""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path

SENTENCE = (
    "Ban quản lý các khu công nghiệp theo dõi, giám sát việc đáp ứng tiêu chí và báo cáo định kỳ "
    "hằng năm cho Bộ Kế hoạch và Đầu tư về kết quả thực hiện."
)
LONG_CLAUSES = "\n".join(
    f"{n}. Doanh nghiệp sinh thái nhóm {n} thực hiện các yêu cầu sau. " + " ".join([SENTENCE] * 3)
    for n in range(2, 7)
)

# A decree-like text with the traps of real layouts (PDF wraps, in-text references).
DECREE = f"""CHÍNH PHỦ
-------
Số: 35/2022/NĐ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Hà Nội, ngày 28 tháng 5 năm 2022

NGHỊ ĐỊNH
QUY ĐỊNH VỀ QUẢN LÝ KHU CÔNG NGHIỆP VÀ KHU KINH TẾ

Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
Căn cứ Luật Đầu tư ngày 17 tháng 6 năm 2020;
Theo đề nghị của Bộ trưởng Bộ Kế hoạch và Đầu tư;
Chính phủ ban hành Nghị định quy định về quản lý khu công nghiệp và khu kinh tế.

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về quản lý khu công nghiệp và khu kinh tế; điều kiện đầu tư hạ tầng
theo Điều 9 và tiêu chí khu công nghiệp sinh thái theo Điều 37.

Điều 2. Giải thích từ ngữ
Trong Nghị định này, các từ ngữ dưới đây được hiểu như sau:
1. Khu công nghiệp là khu vực có ranh giới địa lý xác định, chuyên sản xuất hàng công
nghiệp và cung ứng dịch vụ cho sản xuất công nghiệp.
2. Khu công nghiệp sinh thái là khu công nghiệp đáp ứng các tiêu chí quy định tại
Điều 37 Nghị định này, được cấp có thẩm quyền xác định theo quy định tại
Điều 2, 36, 37 và 38 của Nghị định này.

Chương II
ĐIỀU KIỆN ĐẦU TƯ HẠ TẦNG KHU CÔNG NGHIỆP

Điều 9: Điều kiện đầu tư hạ tầng khu công nghiệp
1. Dành tối thiểu 5 ha đất công nghiệp cho các doanh nghiệp nhỏ và vừa, đối tượng được
hưởng ưu đãi đầu tư theo quy định tại điểm e, điểm g khoản 2
Điều 15 Luật Đầu tư; các doanh nghiệp khác thuộc diện được ưu tiên theo quy định.
2. Khu công nghiệp được thành lập trước ngày 01 tháng 7 năm
2018 phải hoàn thành việc đầu tư hạ tầng bảo vệ môi trường.
3. Tỷ lệ lấp đầy bình quân đạt tối thiểu 60%, trừ trường hợp quy định tại khoản 2 Điều 38.

Chương V
MỘT SỐ LOẠI HÌNH KHU CÔNG NGHIỆP

Điều 37. Tiêu chí xác định khu công nghiệp sinh thái và doanh
nghiệp sinh thái
1. Khu công nghiệp sinh thái phải đáp ứng các tiêu chí sau đây:
a) Nhà đầu tư hạ tầng và doanh nghiệp trong khu công nghiệp tuân thủ pháp luật về bảo vệ môi trường;
b) Tối thiểu 20% doanh nghiệp áp dụng giải pháp sử dụng hiệu quả tài nguyên và sản xuất sạch hơn;
c) Có ít nhất 01 mạng lưới cộng sinh công nghiệp được hình thành;
d) Dành tối thiểu 25% diện tích cho cây xanh, giao thông và khu kỹ thuật;
đ) Thực hiện trách nhiệm xã hội đối với cộng đồng xung quanh.
{LONG_CLAUSES}

Điều 38: Dự án đầu tư xây dựng và kinh doanh kết cấu hạ tầng khu công nghiệp sinh thái
1. Nhà đầu tư cam kết đáp ứng tiêu chí quy định tại Điều 37 Nghị định này.
2. Dự án được cấp có thẩm quyền quy định loại hình khu công nghiệp sinh thái, trừ trường hợp
quy định tại khoản 2 Điều 38 Nghị định số 82/2018/NĐ-CP; việc xác định được thực hiện
theo quy định tại
Điều 9. Trường hợp khác thực hiện theo hướng dẫn của Bộ Kế hoạch và Đầu tư.
"""

ARTICLE_HEADING_RE = re.compile(r"^Điều (\d+)[.:] [A-ZĐ]")


def decree_pdf(font: Path, text: str = DECREE) -> tuple[bytes, dict[str, int]]:
    """Draw ``text`` hard-wrapped on small pages; return the PDF and each article's page."""
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(font)))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A5)
    top, bottom, step = 560, 50, 13
    y, page = top, 1
    pages: dict[str, int] = {}
    pdf.setFont("DejaVuSans", 9)
    for paragraph in text.split("\n"):
        match = ARTICLE_HEADING_RE.match(paragraph)
        for line in textwrap.wrap(paragraph, 70) or [""]:
            if y < bottom:
                pdf.showPage()
                pdf.setFont("DejaVuSans", 9)
                y, page = top, page + 1
            if match and match.group(1) not in pages:
                pages[match.group(1)] = page
            pdf.drawString(30, y, line)
            y -= step
    pdf.save()
    return buffer.getvalue(), pages
