"""The words of the blank template's instructions sheet (reporting.template_workbook): what each sheet is
for and what each column holds. Which columns are required, and the values a closed list allows, are read
from the layout itself (procedures.workbook), so that the instructions cannot drift from the import."""

from django.utils.translation import gettext_lazy as _

SHEET_PURPOSES = {
    "DonVi": _(
        "Đơn vị (sở, ban, ngành, phòng, xã…). Không bắt buộc: chỉ điền khi cần thêm hoặc sửa đơn vị; "
        "mã đơn vị đã có trên cổng có thể dùng ngay ở các trang khác."
    ),
    "KeThua": _(
        "Kế thừa khi đơn vị sáp nhập, chia tách, giải thể: đơn vị cũ, đơn vị kế thừa, ngày hiệu lực. "
        "Không bắt buộc."
    ),
    "TTHC": _(
        "Thủ tục hành chính: mã quốc gia, tên, lĩnh vực, đơn vị thực hiện, thời hạn giải quyết. Bắt buộc."
    ),
    "HoSo": _(
        "Hồ sơ thủ tục hành chính: mỗi dòng một hồ sơ, từ khi tiếp nhận đến khi trả kết quả. Bắt buộc "
        "(có thể để trống nếu chỉ nhập danh mục thủ tục)."
    ),
    "QuyetDinhCongBo": _(
        "Quyết định công bố thủ tục hành chính: mỗi dòng một thủ tục của quyết định; số, ngày và trích "
        "yếu lặp lại trên từng dòng. Không bắt buộc."
    ),
    "PAKN": _("Phản ánh, kiến nghị của người dân, doanh nghiệp. Không bắt buộc."),
}

# Sheet → column key → what the column holds; the allowed values of a closed list are added after it.
COLUMN_NOTES = {
    "DonVi": {
        "code": _("Mã duy nhất của đơn vị: chữ không dấu, số, “-” hoặc “_”, ví dụ STTTT."),
        "name": _("Tên đầy đủ của đơn vị."),
        "parent": _("Mã đơn vị cấp trên (trong tệp này hoặc đã có trên cổng); để trống nếu là cấp cao nhất."),
        "kind": _("Loại đơn vị; để trống là Phòng nếu có đơn vị cấp trên, ngược lại là Sở, ban, ngành."),
        "valid_from": _("Ngày đơn vị bắt đầu hoạt động; để trống nếu có từ trước mọi dữ liệu."),
        "valid_to": _("Ngày cuối cùng đơn vị hoạt động; để trống nếu vẫn đang hoạt động."),
    },
    "KeThua": {
        "predecessor": _("Mã đơn vị kết thúc hoạt động."),
        "successor": _("Mã đơn vị nhận lại hồ sơ, thủ tục của đơn vị cũ."),
        "effective_on": _("Ngày kế thừa có hiệu lực: ngày sau ngày kết thúc của đơn vị cũ."),
        "fields": _(
            "Các lĩnh vực được chuyển, cách nhau bằng dấu “;”; để trống nếu chuyển toàn bộ (sáp nhập)."
        ),
    },
    "TTHC": {
        "code": _("Mã thủ tục trên Cơ sở dữ liệu quốc gia, dạng 1.000123; nhập dạng văn bản."),
        "name": _("Tên thủ tục như trong quyết định công bố."),
        "field": _("Tên lĩnh vực; lĩnh vực chưa có sẽ được tạo."),
        "department": _(
            "Mã đơn vị thực hiện (một hoặc nhiều, cách nhau bằng “;”); bắt buộc với thủ tục cấp tỉnh."
        ),
        "statutory_days": _("Thời hạn giải quyết theo quy định; lớn hơn 0."),
        "reduced_days": _(
            "Để trống nếu chưa cắt giảm; cùng đơn vị với thời hạn quy định và không lớn hơn thời hạn đó."
        ),
        "online_level": _("Mức độ dịch vụ công trực tuyến; để trống là 2."),
        "accepts_postal": _("Có tiếp nhận qua dịch vụ bưu chính công ích không; để trống là Không."),
        "level": _("Cấp thực hiện; để trống là Cấp tỉnh."),
    },
    "HoSo": {
        "code": _("Mã hồ sơ duy nhất, như trên hệ thống một cửa."),
        "procedure": _("Mã thủ tục (trong trang TTHC của tệp này hoặc đã có trên cổng)."),
        "department": _("Mã đơn vị giải quyết; để trống là đơn vị thực hiện thủ tục."),
        "channel": _("Kênh tiếp nhận hồ sơ."),
        "received_at": _("Ngày giờ tiếp nhận: ô ngày của Excel, hoặc văn bản dd/mm/yyyy hh:mm (ngày trước)."),
        "due_on": _("Ngày hẹn trả; để trống thì cổng tự tính theo thời hạn và lịch ngày làm việc."),
        "finished_at": _(
            "Ngày giờ trả kết quả; để trống nếu chưa giải quyết xong. Không trước ngày tiếp nhận."
        ),
        "status": _(
            "Trạng thái; để trống là Đã giải quyết nếu có ngày trả kết quả, ngược lại là Đang giải quyết."
        ),
        "satisfaction": _("Mức độ hài lòng của người nộp; để trống nếu chưa đánh giá."),
        "receiving_unit": _(
            "Mã đơn vị tiếp nhận (ví dụ Trung tâm Phục vụ hành chính công) nếu khác đơn vị giải quyết."
        ),
        "national_status": _("Trạng thái hồ sơ theo mã của Cổng DVCQG (1–10); để trống nếu chưa có."),
        "processing_completed_at": _("Ngày giờ xử lý xong trên hệ thống; để trống nếu chưa có."),
        "fee_amount": _("Lệ phí, phí đã thu, tính bằng đồng (số nguyên)."),
    },
    "QuyetDinhCongBo": {
        "number": _("Số quyết định, ví dụ 1520/QĐ-UBND."),
        "decided_on": _("Ngày ký quyết định."),
        "procedure": _("Mã thủ tục được công bố."),
        "kind": _("Thủ tục được công bố mới, sửa đổi, bổ sung, thay thế hay bãi bỏ."),
        "basis_effective_on": _("Ngày có hiệu lực của văn bản quy phạm pháp luật quy định thủ tục."),
        "published_on": _("Ngày công khai trên Cơ sở dữ liệu quốc gia; để trống nếu chưa công khai."),
        "note": _("Trích yếu quyết định."),
    },
    "PAKN": {
        "code": _("Mã phản ánh, kiến nghị duy nhất."),
        "department": _("Mã đơn vị xử lý."),
        "procedure": _("Mã thủ tục liên quan, nếu có."),
        "dossier": _("Mã hồ sơ liên quan, nếu có."),
        "category": _("Nội dung phản ánh, kiến nghị thuộc loại nào."),
        "received_at": _("Ngày giờ tiếp nhận."),
        "refused_at": _("Ngày giờ từ chối tiếp nhận, nếu có."),
        "supplement_requested_at": _("Ngày giờ yêu cầu bổ sung, nếu có."),
        "finished_at": _("Ngày giờ giải quyết xong, nếu có."),
        "published_at": _("Ngày giờ công khai kết quả, nếu có."),
        "rating": _("Đánh giá của người phản ánh về kết quả xử lý, nếu có."),
    },
}
# The national facts of a dossier that are yes or no share one note.
FLAG_NOTE = _("Để trống là Không. Bỏ hẳn cột này khỏi trang thì cổng giữ giá trị đã có của hồ sơ.")

HOW_TO_IMPORT = (
    _(
        "1. Mỗi trang tính (DonVi, KeThua, TTHC, HoSo, QuyetDinhCongBo, PAKN) nhận một loại dữ liệu; giữ "
        "nguyên tên trang và dòng tiêu đề, có thể bỏ cột không bắt buộc hoặc đổi thứ tự cột."
    ),
    _(
        "2. Dòng 2 của mỗi trang là DÒNG VÍ DỤ (chữ nghiêng, nền vàng, mã bắt đầu bằng “VD-”, mã thủ tục "
        "0.000001). Khi nhập, cổng bỏ qua các dòng ví dụ và báo lại; hãy xóa hoặc ghi đè bằng dữ liệu thật."
    ),
    _(
        "3. Ô có danh sách thả xuống chỉ nhận các giá trị trong danh sách. Ngày ghi theo dạng dd/mm/yyyy, "
        "ngày giờ dd/mm/yyyy hh:mm (ngày trước tháng)."
    ),
    _(
        "4. Vào trang Nhập Excel, chọn tệp và bấm Kiểm tra: cổng đọc toàn bộ tệp và báo mọi lỗi theo trang, "
        "dòng, cột mà chưa ghi gì. Có thể tải danh sách lỗi về dạng .xlsx để sửa."
    ),
    _(
        "5. Tệp có lỗi thì không dữ liệu nào được ghi. Tệp hợp lệ: bấm Xác nhận nhập. Dòng trùng mã với dữ "
        "liệu đã có sẽ cập nhật dữ liệu đó; nhập lại cùng một tệp không làm thay đổi gì thêm."
    ),
)
